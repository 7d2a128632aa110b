using Mplp.Core.Modules.Extensions.Webhooks;

namespace Mplp.Core.Tests.Modules.Extensions.Webhooks;

public sealed class WebhookBackoffTests
{
    private static readonly WebhookOptions Options = new()
    {
        FirstRetryDelay = TimeSpan.FromSeconds(30),
        MaxRetryDelay = TimeSpan.FromHours(1),
        RetryFor = TimeSpan.FromHours(25),
    };

    [Theory]
    [InlineData(1, 15, 30)]
    [InlineData(2, 30, 60)]
    [InlineData(5, 240, 480)]
    public void DelayAfter_Attempt_DoublesWithinHalfToFull(int attempt, int minSeconds, int maxSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(minSeconds), WebhookBackoff.DelayAfter(attempt, Options, random: 0));
        Assert.True(WebhookBackoff.DelayAfter(attempt, Options, random: 0.999) < TimeSpan.FromSeconds(maxSeconds));
        Assert.True(WebhookBackoff.DelayAfter(attempt, Options, random: 0.999) > TimeSpan.FromSeconds(maxSeconds * 0.99));
    }

    [Fact]
    public void DelayAfter_ManyAttempts_CappedAtMax()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), WebhookBackoff.DelayAfter(40, Options, random: 0));
        Assert.True(WebhookBackoff.DelayAfter(int.MaxValue, Options, random: 0.999) <= Options.MaxRetryDelay);
    }

    [Fact]
    public void NextTry_WithinWindow_Scheduled_AfterIt_Dead()
    {
        var queued = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var stillRetrying = queued + TimeSpan.FromHours(24.9);

        Assert.Equal(stillRetrying + TimeSpan.FromMinutes(30), WebhookBackoff.NextTry(30, queued, stillRetrying, Options, random: 0));
        Assert.Null(WebhookBackoff.NextTry(31, queued, queued + Options.RetryFor, Options, random: 0));
    }

    [Fact]
    public void Schedule_DefaultOptions_RetriesForAtLeastADay()
    {
        var defaults = new WebhookOptions();
        var queued = DateTimeOffset.UnixEpoch;
        var now = queued;
        var attempt = 1;
        // The longest wait (random 0.999) each time: the window still holds more than 24 hours of tries.
        while (WebhookBackoff.NextTry(attempt, queued, now, defaults, random: 0.999) is { } next)
        {
            now = next;
            attempt++;
        }

        Assert.True(now - queued >= TimeSpan.FromHours(24), $"dead after {now - queued}");
        Assert.InRange(attempt, 20, 60);
    }
}
