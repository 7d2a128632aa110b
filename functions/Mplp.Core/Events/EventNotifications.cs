using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Events;

/// <summary>
/// Wakes the readers of a trace's log when events were committed to it, on every instance: one
/// LISTEN connection per instance receives the notification each outbox write sends on commit
/// (<see cref="Outbox.Channel"/>), and writers of this instance wake its readers at once. A waiting
/// stream costs no query; after the listener lost its connection every reader is woken once, as
/// notifications may have been missed meanwhile.
/// </summary>
public sealed class EventNotifications(MplpDatabase database, ILogger<EventNotifications> logger) : BackgroundService
{
    // A quiet connection is checked this often, so a dead one is noticed and replaced.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next commit to the partition (taken before reading, so no commit falls in between).</summary>
    public Task NextCommitAsync(string partitionKey)
        => _waiters.GetOrAdd(partitionKey, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>After a commit on this instance: its readers need not wait for the notification's round trip.</summary>
    public void Committed(IEnumerable<OutboxEvent> events)
    {
        foreach (var partitionKey in events.Select(e => e.PartitionKey).Distinct(StringComparer.Ordinal))
        {
            Wake(partitionKey);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
        connection.Notification += (_, e) => Wake(e.Payload);
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
