using Microsoft.Extensions.Logging;

namespace Mplp.Functions;

/// <summary>Every log line of the Functions app, with stable event ids (2xxx).</summary>
internal static partial class Logs
{
    [LoggerMessage(2001, LogLevel.Error, "Unhandled error in {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(2002, LogLevel.Warning, "Database unavailable during {Method} {Path}")]
    public static partial void DependencyUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(2003, LogLevel.Warning, "HTTP function {Function} has no [ApiOperation]; it is missing from the OpenAPI document")]
    public static partial void UndescribedFunction(ILogger logger, string function);

    [LoggerMessage(2004, LogLevel.Information, "Marked {Count} silent network node(s) unreachable")]
    public static partial void NodesMarkedUnreachable(ILogger logger, int count);

    [LoggerMessage(2101, LogLevel.Warning, "The event stream of trace {TraceId} ended on an error; the client resumes with Last-Event-ID")]
    public static partial void EventStreamEnded(ILogger logger, Exception exception, string traceId);

    [LoggerMessage(2102, LogLevel.Information, "The event stream of trace {TraceId} ended: its caller may no longer read it ({Code})")]
    public static partial void EventStreamRevoked(ILogger logger, string traceId, string? code);
}
