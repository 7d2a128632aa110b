namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>Webhook delivery settings (<c>Mplp:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Mplp:Webhooks";

    /// <summary>
    /// Lets targets on loopback and private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, ...)
    /// and plain http through. Off in production; <c>./mplp run</c> and the tests turn it on. Link-local
    /// and cloud metadata addresses stay refused either way.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The wait before the second attempt; each failure doubles it up to <see cref="MaxRetryDelay"/>, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery is retried before it is dead-lettered, counted from the event's fan-out.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(25);

    /// <summary>One attempt's time limit: connect, send and the receiver's answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an idle instance looks for due deliveries and new events (an event written here wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Deliveries one instance sends at the same time.</summary>
    public int Concurrency { get; set; } = 8;
}
