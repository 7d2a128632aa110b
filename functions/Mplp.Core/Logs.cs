using Microsoft.Extensions.Logging;

namespace Mplp.Core;

/// <summary>Every log line of Mplp.Core, with stable event ids (1xxx).</summary>
internal static partial class Logs
{
    [LoggerMessage(1001, LogLevel.Information, "Applied database migration {Name}")]
    public static partial void MigrationApplied(ILogger logger, string name);

    [LoggerMessage(1101, LogLevel.Debug, "Dispatched {Count} outbox event(s) to the event log")]
    public static partial void OutboxDispatched(ILogger logger, int count);

    [LoggerMessage(1102, LogLevel.Warning, "Outbox dispatch failed; retrying in {Delay}")]
    public static partial void OutboxDispatchFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(1103, LogLevel.Warning, "The event log refused outbox row {Sequence} (refusal {Refusals})")]
    public static partial void OutboxRowRefused(ILogger logger, Exception exception, long sequence, int refusals);

    [LoggerMessage(1104, LogLevel.Error, "Outbox row {Sequence} moved to the dead letters after {Refusals} refusals")]
    public static partial void OutboxRowDeadLettered(ILogger logger, long sequence, int refusals);

    [LoggerMessage(1201, LogLevel.Warning, "Counting active contexts and running plans for the metrics failed; the gauges keep their last value")]
    public static partial void PlatformGaugesFailed(ILogger logger, Exception exception);
}
