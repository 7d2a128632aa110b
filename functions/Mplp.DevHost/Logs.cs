namespace Mplp.DevHost;

/// <summary>Every log line of the dev host, with stable event ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Mplp dev host listening on {Url} ({Count} functions from {AppDirectory})")]
    public static partial void Listening(ILogger logger, string url, int count, string appDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "  {Function}: {Trigger} {Detail}")]
    public static partial void FunctionMapped(ILogger logger, string function, string trigger, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Mplp dev host stopped in {ElapsedMilliseconds} ms")]
    public static partial void Stopped(ILogger logger, long elapsedMilliseconds);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "{Function}: bad request: {Reason}")]
    public static partial void HttpBindingFailed(ILogger logger, string function, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "{Function} failed on {Method} {Path}")]
    public static partial void HttpFunctionFailed(ILogger logger, Exception exception, string function, string method, string path);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "{Function} listening to queue '{Queue}'")]
    public static partial void QueueListening(ILogger logger, string function, string queue);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "{Function}: queue '{Queue}' unreachable, retrying")]
    public static partial void QueueUnavailable(ILogger logger, Exception exception, string function, string queue);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "{Function} failed on message {MessageId} (try {DequeueCount} of {MaxDequeueCount})")]
    public static partial void QueueFunctionFailed(ILogger logger, Exception exception, string function, string messageId, long dequeueCount, int maxDequeueCount);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "{Function}: message {MessageId} moved to '{PoisonQueue}' after {DequeueCount} tries")]
    public static partial void QueueMessagePoisoned(ILogger logger, string function, string messageId, string poisonQueue, long dequeueCount);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "{Function}: could not settle message {MessageId}")]
    public static partial void QueueSettleFailed(ILogger logger, Exception exception, string function, string messageId);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Durable backend: task hub '{HubName}' on Azure Storage, worker '{WorkerId}', sidecar {Address}")]
    public static partial void DurableBackendStarted(ILogger logger, string hubName, string workerId, string address);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Durable backend did not stop within {Timeout}; its leases will expire on their own")]
    public static partial void DurableBackendStopTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "{Function} failed on its run scheduled at {ScheduledUtc:o}; the schedule goes on")]
    public static partial void TimerFunctionFailed(ILogger logger, Exception exception, string function, DateTime scheduledUtc);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "{Function} is past due: its run scheduled at {ScheduledUtc:o} starts {Late} late")]
    public static partial void TimerPastDue(ILogger logger, string function, TimeSpan late, DateTime scheduledUtc);
}
