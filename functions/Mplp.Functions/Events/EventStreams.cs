using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Functions.Http;
using Npgsql;

namespace Mplp.Functions.Events;

/// <summary>
/// Serves a trace's log as Server-Sent Events: what is there after the resume position, then each
/// event as it commits (woken by <see cref="EventFeed.NextCommitAsync"/>, never polling), with a heartbeat
/// comment while quiet. The stream is the response body of the HTTP function, written and flushed
/// as it goes, which the ASP.NET Core integration of the Functions host and the dev host both pass
/// through unbuffered. Streams end when the client leaves or the host stops; each instance serves at
/// most <see cref="EventStreamOptions.MaxStreams"/> at once. A stream outlives the request's access
/// check, so it repeats that check (<see cref="EventStreamOptions.Reauthorize"/>) and ends, before
/// sending anything more, once the caller may no longer read the log.
/// </summary>
public sealed class EventStreams(EventFeed feed, IOptions<EventStreamOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<EventStreams> logger)
{
    private const int PageSize = 100;
    private int _open;

    /// <summary>The response that streams <paramref name="partitionKey"/>, for a caller already allowed to read it.</summary>
    /// <param name="authorize">The request's access check again; throws a <see cref="ProblemException"/> once the caller may no longer read.</param>
    public IActionResult Stream(string partitionKey, EventStreamRequest request, Func<CancellationToken, Task> authorize)
        => new StreamResult(this, partitionKey, request, authorize);

    private async Task RunAsync(HttpContext http, string partitionKey, EventStreamRequest request, Func<CancellationToken, Task> authorize)
    {
        var max = options.Value.MaxStreams;
        if (Interlocked.Increment(ref _open) > max)
        {
            Interlocked.Decrement(ref _open);
            var refused = ApiResponse.Problem(Problems.TooManyStreams(max).Problem, http.Request.Path).WithHeader("Retry-After", "5");
            await refused.ExecuteResultAsync(new ActionContext(http, http.GetRouteData() ?? new RouteData(), new ActionDescriptor()));
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await StreamAsync(http.Response, partitionKey, request, authorize, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the host stops: the stream ends here, the client resumes with Last-Event-ID.
        }
        catch (ProblemException e)
        {
            // Access was revoked: say why and end; a reconnect gets the problem itself (401/403/404).
            await http.Response.WriteAsync($": access ended ({e.Problem.Status} {e.Problem.Code})\n\n", CancellationToken.None);
            Logs.EventStreamRevoked(logger, partitionKey, e.Problem.Code);
        }
        catch (Exception e) when (e is NpgsqlException or IOException)
        {
            // The headers are sent: all that is left is to end the stream; the client resumes.
            Logs.EventStreamEnded(logger, e, partitionKey);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task StreamAsync(HttpResponse response, string partitionKey, EventStreamRequest request, Func<CancellationToken, Task> authorize, CancellationToken cancellationToken)
    {
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // nginx (the chart's ingress) would otherwise hold the events back in its buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);

        var heartbeat = options.Value.Heartbeat;
        var after = request.After;
        var quietSince = clock.GetUtcNow();
        var authorizedAt = quietSince;
        while (true)
        {
            if (clock.GetUtcNow() - authorizedAt >= options.Value.Reauthorize)
            {
                await authorize(cancellationToken);
                authorizedAt = clock.GetUtcNow();
            }

            var nextCommit = feed.NextCommitAsync(partitionKey);
            var page = await feed.ReadAfterAsync(partitionKey, after, PageSize, request.Filter, cancellationToken);
            if (page.Events.Count > 0)
            {
                await response.WriteAsync(Frames(page.Events), cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                quietSince = clock.GetUtcNow();
            }

            after = page.ReadThrough;
            if (page.Events.Count == PageSize)
            {
                continue;
            }

            var wait = heartbeat - (clock.GetUtcNow() - quietSince);
            if (wait <= TimeSpan.Zero || !await CommittedWithinAsync(nextCommit, wait, cancellationToken))
            {
                await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                quietSince = clock.GetUtcNow();
            }
        }
    }

    private static async Task<bool> CommittedWithinAsync(Task nextCommit, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await nextCommit.WaitAsync(wait, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>One SSE event per logged event: its position as id, its type as the event name, the MPLP event as data (one line of JSON).</summary>
    private static string Frames(IEnumerable<LoggedEvent> events)
    {
        var frames = new StringBuilder();
        foreach (var logged in events)
        {
            var type = (logged.Event["event_type"]?.ToString() ?? "message").ReplaceLineEndings("");
            frames.Append("id: ").Append(logged.Position).Append('\n')
                .Append("event: ").Append(type).Append('\n')
                .Append("data: ").Append(logged.Event.ToJsonString()).Append("\n\n");
        }

        return frames.ToString();
    }

    private sealed class StreamResult(EventStreams streams, string partitionKey, EventStreamRequest request, Func<CancellationToken, Task> authorize) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => streams.RunAsync(context.HttpContext, partitionKey, request, authorize);
    }
}
