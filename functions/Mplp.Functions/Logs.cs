using Microsoft.Extensions.Logging;

namespace Mplp.Functions;

/// <summary>Every log line of the Functions app, with stable event ids (2xxx).</summary>
internal static partial class Logs
{
    [LoggerMessage(2001, LogLevel.Error, "Unhandled error in {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path);
}
