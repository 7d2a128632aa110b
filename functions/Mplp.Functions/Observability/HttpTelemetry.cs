using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Mplp.Core.Observability;
using Mplp.Functions.Http;

namespace Mplp.Functions.Observability;

/// <summary>
/// What every HTTP function reports, through <see cref="HttpEndpoint"/> (the one place all of them
/// pass, under either host): the request in the metrics under its function's name, and the span
/// that answered it as the response's <c>traceparent</c>.
/// </summary>
public sealed class HttpTelemetry(MplpMetrics metrics, HttpFunctionRoutes routes)
{
    public const string TraceParentHeader = "traceparent";

    /// <summary>The handler label of a request no function's route matches.</summary>
    public const string UnknownHandler = "unknown";

    /// <summary>The status recorded when the client went away before the answer (nginx's 499).</summary>
    public const int ClientClosedRequest = 499;

    public Call Begin(HttpRequest request)
    {
        // The innermost span at the function's entry: the invocation's. The events the function writes
        // record the same span, so the header leads a client to them.
        if (MplpTelemetry.CurrentTraceParent() is { } traceparent)
        {
            request.HttpContext.Response.Headers[TraceParentHeader] = traceparent;
        }

        return new Call(Stopwatch.GetTimestamp());
    }

    public void End(HttpRequest request, Call call, IActionResult result)
    {
        var function = routes.Match(request.Method, request.Path);
        var status = request.HttpContext.RequestAborted.IsCancellationRequested ? ClientClosedRequest : StatusOf(result);
        metrics.RequestAnswered(function?.Name ?? UnknownHandler, request.Method, status, Stopwatch.GetElapsedTime(call.Started), function?.Module?.Name);
    }

    private static int StatusOf(IActionResult result) => result switch
    {
        ApiResponse response => response.Status,
        IStatusCodeActionResult { StatusCode: { } status } => status,
        _ => StatusCodes.Status200OK,
    };

    /// <summary>A request being answered.</summary>
    public readonly record struct Call(long Started);
}
