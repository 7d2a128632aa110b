using Mplp.DevHost.Queues;

namespace Mplp.DevHost.Tests.Queues;

public sealed class PollingBackoffTests
{
    [Fact]
    public void Next_EmptyPolls_DoubleUpToTheMaximumAndResetOnAMessage()
    {
        var backoff = new PollingBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));

        TimeSpan[] delays = [backoff.Next(), backoff.Next(), backoff.Next(), backoff.Next(), backoff.Next()];
        backoff.Reset();

        Assert.Equal([100, 200, 400, 500, 500], delays.Select(d => (int)d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Next());
    }
}
