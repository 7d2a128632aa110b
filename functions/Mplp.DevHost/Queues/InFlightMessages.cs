using System.Collections.Concurrent;

namespace Mplp.DevHost.Queues;

/// <summary>Counts the messages being processed, so the listener fetches a new batch only when the
/// count falls to host.json <c>newBatchThreshold</c>, and waits for them all when it stops.</summary>
internal sealed class InFlightMessages
{
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();
    private readonly SemaphoreSlim _completed = new(0);

    public int Count => _tasks.Count;

    public void Track(Task processing)
    {
        _tasks.TryAdd(processing, 0);
        processing.ContinueWith(
            finished =>
            {
                _tasks.TryRemove(finished, out _);
                _completed.Release();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async Task WaitUntilAtMostAsync(int count, CancellationToken cancellationToken)
    {
        while (Count > count)
        {
            await _completed.WaitAsync(cancellationToken);
        }
    }

    public Task WhenAllAsync() => Task.WhenAll(_tasks.Keys);
}
