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

    [LoggerMessage(1121, LogLevel.Warning, "Listening for committed events failed; retrying in {Delay}. Meanwhile streams on this instance see other instances' events at their next heartbeat")]
    public static partial void EventListenFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(1122, LogLevel.Warning, "Announcing committed events to other instances failed; retrying in {Delay}. Meanwhile their streams see this instance's events at their next heartbeat")]
    public static partial void EventAnnounceFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(1201, LogLevel.Warning, "Counting active contexts and running plans for the metrics failed; the gauges keep their last value")]
    public static partial void PlatformGaugesFailed(ILogger logger, Exception exception);

    [LoggerMessage(1301, LogLevel.Information, "Cache invalidations go through Redis channel {Channel}")]
    public static partial void InvalidationSubscribed(ILogger logger, string channel);

    [LoggerMessage(1302, LogLevel.Warning, "Could not subscribe to Redis channel {Channel}; retrying in {Delay}. Meanwhile other instances' changes reach this one within the freshness window")]
    public static partial void InvalidationSubscribeFailed(ILogger logger, Exception exception, string channel, TimeSpan delay);

    [LoggerMessage(1303, LogLevel.Warning, "Redis connection lost ({ConnectionType}, {FailureType}); until it is back, changes reach other instances within the freshness window")]
    public static partial void RedisConnectionLost(ILogger logger, Exception? exception, StackExchange.Redis.ConnectionType connectionType, StackExchange.Redis.ConnectionFailureType failureType);

    [LoggerMessage(1304, LogLevel.Information, "Redis subscription restored; forgot every cached grant and module switch, as changes may have been missed")]
    public static partial void RedisConnectionRestored(ILogger logger);

    [LoggerMessage(1305, LogLevel.Warning, "Redis is not connected: the {State} change was not published; other instances apply it within their freshness window")]
    public static partial void InvalidationNotPublished(ILogger logger, Caching.CachedState state);
}
