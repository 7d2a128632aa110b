using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Events;

/// <summary>
/// Wakes the readers of a trace's log when events were committed to it, on every instance. Writers
/// of this instance wake its readers at once and leave the trace to be announced: one notification
/// transaction at a time, at most one per <see cref="AnnounceInterval"/>, sends every trace
/// committed since the last (<see cref="Outbox.Channel"/>, many traces per notification), and one
/// LISTEN connection per instance hears them. The writes themselves never NOTIFY: PostgreSQL
/// serialises the commits of notifying transactions (and their WAL flushes) on one lock, which cost
/// a third of the write throughput. A waiting stream costs no query; after the listener lost its
/// connection every reader is woken once, as notifications may have been missed meanwhile. A commit
/// whose announcement is lost (its instance died) reaches other instances' readers at their next
/// heartbeat.
/// </summary>
public sealed class EventNotifications(MplpDatabase database, ILogger<EventNotifications> logger) : BackgroundService
{
    // A quiet connection is checked this often, so a dead one is noticed and replaced.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    // Under write load the announcer would otherwise run back to back, a transaction per write or
    // two; paced, it costs a few dozen small transactions a second and other instances' readers hear
    // of a commit this much later at most (this instance's readers are woken at once).
    private static readonly TimeSpan AnnounceInterval = TimeSpan.FromMilliseconds(20);

    // A notification's payload holds under 8000 bytes: trace ids go in chunks of this many characters.
    private const int MaxPayload = 7900;
    private const char Separator = ',';

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unannounced = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _toAnnounce = new(0);

    /// <summary>A task that completes at the next commit to the partition (taken before reading, so no commit falls in between).</summary>
    public Task NextCommitAsync(string partitionKey)
        => _waiters.GetOrAdd(partitionKey, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>After a commit on this instance: its readers need not wait for the notification's round trip.</summary>
    public void Committed(IEnumerable<OutboxEvent> events)
    {
        foreach (var partitionKey in events.Select(e => e.PartitionKey).Distinct(StringComparer.Ordinal))
        {
            Wake(partitionKey);
            _unannounced.TryAdd(partitionKey, 0);
        }

        // One pending release is enough: the announcer takes every trace left when it wakes.
        if (_toAnnounce.CurrentCount == 0)
        {
            _toAnnounce.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(ListenLoopAsync(stoppingToken), AnnounceLoopAsync(stoppingToken));

    private async Task AnnounceLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string[] partitionKeys = [];
            try
            {
                await _toAnnounce.WaitAsync(stoppingToken);
                partitionKeys = [.. _unannounced.Keys];
                foreach (var partitionKey in partitionKeys)
                {
                    _unannounced.TryRemove(partitionKey, out _);
                }

                if (partitionKeys.Length > 0)
                {
                    await AnnounceAsync(partitionKeys, stoppingToken);
                    await Task.Delay(AnnounceInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Tried again with what comes next; meanwhile other instances' readers wait for their heartbeat.
                Logs.EventAnnounceFailed(logger, e, Retry);
                foreach (var partitionKey in partitionKeys)
                {
                    _unannounced.TryAdd(partitionKey, 0);
                }

                await Task.Delay(Retry, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One transaction that notifies every trace; its commit need not wait for the disk (a lost notification only delays a reader).</summary>
    private async Task AnnounceAsync(string[] partitionKeys, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT pg_notify($1, p) FROM (SELECT set_config('synchronous_commit', 'off', true)) AS s, unnest($2::text[]) AS p", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Outbox.Channel });
        command.Parameters.Add(new NpgsqlParameter { Value = Payloads(partitionKeys).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IEnumerable<string> Payloads(string[] partitionKeys)
    {
        var payload = new StringBuilder();
        foreach (var partitionKey in partitionKeys)
        {
            if (payload.Length > 0 && payload.Length + 1 + partitionKey.Length > MaxPayload)
            {
                yield return payload.ToString();
                payload.Clear();
            }

            if (payload.Length > 0)
            {
                payload.Append(Separator);
            }

            payload.Append(partitionKey);
        }

        if (payload.Length > 0)
        {
            yield return payload.ToString();
        }
    }

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Logs.EventListenFailed(logger, e, Retry);
                WakeAll();
                await Task.Delay(Retry, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await database.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            foreach (var partitionKey in e.Payload.Split(Separator))
            {
                Wake(partitionKey);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Outbox.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Commits while no connection listened went unheard.
        WakeAll();
        while (true)
        {
            if (!await connection.WaitAsync(KeepAlive, stoppingToken))
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteNonQueryAsync(stoppingToken);
            }
        }
    }

    private void Wake(string partitionKey)
    {
        if (_waiters.TryRemove(partitionKey, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private void WakeAll()
    {
        foreach (var partitionKey in _waiters.Keys)
        {
            Wake(partitionKey);
        }
    }
}
