namespace Mplp.DevHost.Queues;

/// <summary>
/// Delay between polls of an empty queue: doubles from <paramref name="minimum"/> up to
/// <paramref name="maximum"/> (host.json <c>maxPollingInterval</c>), back to the minimum when a message arrives.
/// </summary>
public sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum)
{
    private TimeSpan _next = TimeSpan.Zero;

    public TimeSpan Next()
    {
        var current = _next < minimum ? minimum : _next;
        var delay = current < maximum ? current : maximum;
        _next = delay + delay;
        return delay;
    }

    public void Reset() => _next = TimeSpan.Zero;
}
