using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Events;

/// <summary>
/// Moves committed outbox rows to the event log and marks them sent. Rows are claimed with
/// SKIP LOCKED, so several instances can dispatch side by side without sending a row twice.
/// </summary>
public sealed class OutboxDispatcher(
    MplpDatabase database,
    EventLog eventLog,
    OutboxSignal signal,
    IOptions<EventLogOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
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

    /// <summary>Sends one batch; returns how many rows it sent.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new List<(long, OutboxEvent)>();
        await using (var select = new NpgsqlCommand("""
            SELECT seq, partition_key, event::text FROM outbox
            WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = options.Value.BatchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Add((reader.GetInt64(0), new OutboxEvent(reader.GetString(1), JsonNode.Parse(reader.GetString(2))!.AsObject())));
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        await eventLog.AppendAsync(batch, cancellationToken);
        await using (var mark = new NpgsqlCommand("UPDATE outbox SET sent_at = now() WHERE seq = ANY($1)", connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter { Value = batch.Select(b => b.Item1).ToArray() });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Logs.OutboxDispatched(logger, batch.Count);
        return batch.Count;
    }
}
