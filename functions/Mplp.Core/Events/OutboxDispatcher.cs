using System.Text.Json.Nodes;
using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mplp.Core.Observability;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Events;

/// <summary>
/// Archives committed outbox rows (the event log of record) to Table storage and marks them sent. Rows are claimed with
/// SKIP LOCKED, so several instances can dispatch side by side without sending a row twice. A row
/// storage refuses (too large, invalid) goes to <see cref="OutboxDeadLetters"/> after a few tries
/// and never holds up the rows behind it.
/// </summary>
public sealed class OutboxDispatcher(
    MplpDatabase database,
    EventLog eventLog,
    OutboxSignal signal,
    IOptions<EventLogOptions> options,
    MplpMetrics metrics,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>Refusals of a row on its own before it becomes a dead letter.</summary>
    public const int MaxRefusals = 3;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await DispatchBatchAsync(stoppingToken);
                backoff = TimeSpan.FromSeconds(1);
                if (sent < options.Value.BatchSize)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage or the database is away: the rows stay in the outbox until it is back.
                Logs.OutboxDispatchFailed(logger, e, backoff);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Sends one batch; returns how many rows it handled (sent, or refused and counted).</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new List<ArchivedEvent>();
        await using (var select = new NpgsqlCommand("""
            SELECT seq, position, partition_key, event::text FROM outbox
            WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = options.Value.BatchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // Bounded again: jsonb may have grown the text (a number such as 1e9999 is stored in full).
                var mplpEvent = TraceEvents.Bound(JsonNode.Parse(reader.GetString(3))!.AsObject());
                batch.Add(new ArchivedEvent(reader.GetInt64(0), reader.GetInt64(1), new OutboxEvent(reader.GetString(2), mplpEvent)));
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        var sent = await AppendAsync(batch, connection, transaction, cancellationToken);
        await using (var mark = new NpgsqlCommand("UPDATE outbox SET sent_at = now() WHERE seq = ANY($1)", connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter { Value = sent.ToArray() });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Logs.OutboxDispatched(logger, sent.Count);
        return batch.Count;
    }

    /// <summary>
    /// Appends the batch; if storage refuses it, row by row, so only the culprit stays behind. A row
    /// refused on its own counts a refusal, and at <see cref="MaxRefusals"/> becomes a dead letter.
    /// Any other failure (storage away) propagates: the transaction rolls back and nothing counts.
    /// </summary>
    private async Task<List<long>> AppendAsync(List<ArchivedEvent> batch, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await eventLog.AppendAsync(batch, cancellationToken);
            return [.. batch.Select(b => b.Sequence)];
        }
        catch (RequestFailedException e) when (EventLog.IsRefusal(e))
        {
            var sent = new List<long>(batch.Count);
            foreach (var row in batch)
            {
                try
                {
                    await eventLog.AppendAsync([row], cancellationToken);
                    sent.Add(row.Sequence);
                }
                catch (RequestFailedException refused) when (EventLog.IsRefusal(refused))
                {
                    var refusals = await OutboxDeadLetters.RefusedAsync(connection, transaction, row.Sequence, $"{refused.Status} {refused.ErrorCode}: {refused.Message}", MaxRefusals, cancellationToken);
                    Logs.OutboxRowRefused(logger, refused, row.Sequence, refusals);
                    if (refusals >= MaxRefusals)
                    {
                        Logs.OutboxRowDeadLettered(logger, row.Sequence, refusals);
                        metrics.EventDeadLettered();
                    }
                }
            }

            return sent;
        }
    }
}
