using Microsoft.Extensions.Logging;

namespace Mplp.Core;

/// <summary>The webhook deliveries' log lines (17xx). Secrets and bodies are never logged.</summary>
internal static partial class Logs
{
    [LoggerMessage(1701, LogLevel.Information, "Webhook of extension {ExtensionId}, event {EventId}, attempt {Attempt}: status {Status}, now {State}")]
    public static partial void WebhookAttempted(ILogger logger, Guid extensionId, string eventId, int attempt, int? status, string state);

    [LoggerMessage(1702, LogLevel.Warning, "Claiming due webhook deliveries failed; trying again shortly")]
    public static partial void WebhookClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(1703, LogLevel.Warning, "Fanning out events to webhook subscriptions failed; trying again shortly")]
    public static partial void WebhookFanOutFailed(ILogger logger, Exception exception);
}
