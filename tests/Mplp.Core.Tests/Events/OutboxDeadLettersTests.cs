using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mplp.Core.Documents;
using Mplp.Core.Events;
using Mplp.Core.Observability;
using Mplp.Core.Tests.Storage;
using Npgsql;

namespace Mplp.Core.Tests.Events;

public sealed class OutboxDeadLettersTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    // Azure Table keys may not hold '/' (and Azurite checks): storage refuses such a row however often it is sent.
    private const string RefusedKey = "refused/partition";

    [Fact(Timeout = 60_000)]
    public async Task DispatchBatchAsync_RowStorageRefuses_IsDeadLetteredAfterThreeRefusalsWithoutHoldingUpTheRowsBehind()
    {
        using var deadLettered = new MetricCount(MplpMetrics.EventsDeadLettered);
        var refused = await InsertRawAsync(RefusedKey);
        var traceId = Guid.NewGuid();
        var id = Guid.NewGuid();
        await storage.Documents.InsertAsync("contexts", new DocumentRow(id, id, "draft", new JsonObject()), [Event(traceId)], CancellationToken.None);

        await storage.Dispatcher.DispatchBatchAsync(CancellationToken.None);

        var page = await storage.EventLog.ReadAsync(traceId.ToString(), new PageRequest(10, null), CancellationToken.None);
        Assert.Single(page.Items);
        Assert.Equal(1, await RefusalsAsync(refused));
        await storage.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        await storage.Dispatcher.DispatchBatchAsync(CancellationToken.None);
        Assert.Equal(OutboxDispatcher.MaxRefusals, await RefusalsAsync(refused));
        var letters = await new OutboxDeadLetters(storage.Database).ListAsync(new PageRequest(50, null), CancellationToken.None);
        var letter = Assert.Single(letters.Items, l => l["sequence"]!.GetValue<long>() == refused);
        Assert.Equal(RefusedKey, letter["trace_id"]!.GetValue<string>());
        Assert.Equal(OutboxDispatcher.MaxRefusals, letter["refusals"]!.GetValue<int>());
        Assert.Equal("x.refused", letter["event"]!["event_type"]!.GetValue<string>());
        Assert.Equal(1, deadLettered.Value);
        Assert.Equal(0, await storage.Dispatcher.DispatchBatchAsync(CancellationToken.None));
        // Given up on by the archive only: the event stays in the log of record.
        var logged = await storage.Feed.ReadAfterAsync(RefusedKey, 0, 10, EventFilter.All, CancellationToken.None);
        Assert.Contains(logged.Events, e => e.Event["event_type"]!.GetValue<string>() == "x.refused");
    }

    [Fact(Timeout = 60_000)]
    public async Task DispatchBatchAsync_StorageUnreachable_CountsNoRefusal()
    {
        var row = await InsertRawAsync(RefusedKey);
        var unreachable = new TableServiceClient(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        var options = Options.Create(new EventLogOptions { TableName = "unreachable" });
        var dispatcher = new OutboxDispatcher(storage.Database, new EventLog(unreachable, options), new OutboxSignal(), options, storage.Metrics, NullLogger<OutboxDispatcher>.Instance);

        await Assert.ThrowsAnyAsync<Exception>(() => dispatcher.DispatchBatchAsync(CancellationToken.None));

        Assert.Equal(0, await RefusalsAsync(row));
        while (await storage.Dispatcher.DispatchBatchAsync(CancellationToken.None) > 0)
        {
        }
    }

    private async Task<long> InsertRawAsync(string partitionKey)
    {
        await using var connection = await storage.Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand("INSERT INTO outbox (partition_key, event) VALUES ($1, $2::jsonb) RETURNING seq", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = partitionKey });
        command.Parameters.Add(new NpgsqlParameter { Value = """{"event_type":"x.refused","data":{}}""" });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The row's refusals.</summary>
    private async Task<int> RefusalsAsync(long sequence)
    {
        await using var connection = await storage.Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand("SELECT refusals FROM outbox WHERE seq = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static OutboxEvent Event(Guid traceId)
        => TraceEvents.Create("context", "context.created", traceId, DateTimeOffset.UtcNow, new JsonObject());

    /// <summary>Adds up one counter of the fixture's meter while it lives.</summary>
    private sealed class MetricCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public MetricCount(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == name && instrument.Meter.Name == MplpTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _value, value));
            _listener.Start();
        }

        public long Value => Interlocked.Read(ref _value);

        public void Dispose() => _listener.Dispose();
    }
}
