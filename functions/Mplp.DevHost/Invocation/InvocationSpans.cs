using System.Diagnostics;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Invocation;

/// <summary>
/// A span per invocation, as the Functions worker makes one: named after the function, with the
/// OpenTelemetry FaaS attributes. Its parent is whatever invoked it (the HTTP request's span, the
/// Durable worker's orchestration or activity span); a queue message or a timer starts a trace.
/// Nothing listens unless the app registers the source (<see cref="Name"/>).
/// </summary>
public static class InvocationSpans
{
    public const string Name = "Mplp.DevHost";

    private static readonly ActivitySource Source = new(Name);

    public static Activity? Start(FunctionDescriptor function)
    {
        var (kind, trigger) = function.Kind switch
        {
            FunctionKind.Http => (ActivityKind.Internal, "http"),
            FunctionKind.Queue => (ActivityKind.Consumer, "pubsub"),
            FunctionKind.Timer => (ActivityKind.Internal, "timer"),
            _ => (ActivityKind.Internal, "other"),
        };
        var span = Source.StartActivity(function.Name, kind);
        span?.SetTag("faas.name", function.Name);
        span?.SetTag("faas.trigger", trigger);
        return span;
    }

    public static void Failed(Activity? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error, exception.Message);
        span?.AddException(exception);
    }
}
