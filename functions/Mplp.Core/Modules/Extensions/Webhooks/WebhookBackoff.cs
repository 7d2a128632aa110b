namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff with "equal jitter" (half the delay fixed,
/// half random), so receivers that fail together are not hit together again; dead once the retry window ends.
/// </summary>
public static class WebhookBackoff
{
    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1 = the first), given a random draw in [0, 1).</summary>
    public static TimeSpan DelayAfter(int attempt, WebhookOptions options, double random)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var full = Math.Min(options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((full / 2) + (full / 2 * random));
    }

    /// <summary>The next try after a failed attempt, or null when the delivery is to be dead-lettered.</summary>
    public static DateTimeOffset? NextTry(int attempt, DateTimeOffset firstQueuedAt, DateTimeOffset now, WebhookOptions options, double random)
        => now - firstQueuedAt >= options.RetryFor ? null : now + DelayAfter(attempt, options, random);
}
