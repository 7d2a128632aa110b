using Mplp.DevHost.Queues;

namespace Mplp.DevHost.Tests.Queues;

public sealed class InFlightMessagesTests
{
    [Fact(Timeout = 5_000)]
    public async Task WaitUntilAtMostAsync_AboveTheThreshold_WaitsForMessagesToFinish()
    {
        var inFlight = new InFlightMessages();
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        inFlight.Track(first.Task);
        inFlight.Track(second.Task);

        var waiting = inFlight.WaitUntilAtMostAsync(1, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        first.SetResult();
        await waiting;
        Assert.Equal(1, inFlight.Count);

        second.SetResult();
        await inFlight.WhenAllAsync();
        Assert.Equal(0, inFlight.Count);
    }
}
