namespace Mplp.Core.Events;

/// <summary>
/// Wakes the dispatcher right after a commit, so events reach the log in milliseconds; the
/// dispatcher also polls, which covers rows committed by other instances or before a crash.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up drains everything committed so far.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
