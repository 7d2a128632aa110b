using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Modules.Traces;
using Mplp.Functions.Events;
using Mplp.Functions.Http;

namespace Mplp.Functions.Modules.Traces;

/// <summary>
/// Appending to and reading a trace's event log (its partition of the PostgreSQL log): through
/// the object that owns the trace id, within the caller's contexts, and only while that object
/// holds the trace id's binding (<see cref="TraceBindings"/>).
/// </summary>
public sealed class TraceEventEndpoints(
    EntityService entities, TraceBindings bindings, TraceEventBatch batch, TraceEventWriter writer, EventFeed feed, EventStreams streams, EntityEndpoints endpoints, JsonBody json)
{
    private static ModuleDefinition Module => TraceModule.Definition;

    /// <summary>
    /// 202: the events are committed to the log and read back from now on, in the order they were accepted.
    /// </summary>
    public Task<IActionResult> AppendAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.TraceAppend, async actor =>
        {
            var traceId = RouteIds.Parse(Module.Name, id);
            var body = await json.ReadObjectAsync(request, cancellationToken);
            var trace = await entities.GetAsync(Module, traceId, actor, cancellationToken);
            var status = trace.Document["status"]!.GetValue<string>();
            if (Module.Lifecycle.IsFinal(status))
            {
                throw Problems.ReadOnly("The trace is read-only", $"A trace in status '{status}' takes no more events.");
            }

            return ApiResponse.Json(StatusCodes.Status202Accepted, await AppendToAsync(traceId, traceId, body, cancellationToken));
        });

    /// <summary>
    /// Appends the events of <paramref name="body"/> (<c>{"events":[...]}</c>) to the trace partition of
    /// <paramref name="ownerId"/>, an object the caller may append to; what was accepted, in order.
    /// </summary>
    public async Task<JsonObject> AppendToAsync(Guid traceId, Guid ownerId, JsonObject body, CancellationToken cancellationToken)
    {
        await bindings.RequireHeldByAsync(traceId, ownerId, cancellationToken);
        var events = batch.Prepare(traceId, body);
        await writer.AppendAsync(events, cancellationToken);
        return new JsonObject
        {
            ["accepted"] = events.Count,
            ["event_ids"] = new JsonArray([.. events.Select(e => e.Event["event_id"]!.DeepClone())]),
        };
    }

    /// <summary>A page of the trace's events, oldest first.</summary>
    public Task<IActionResult> ReadAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
        {
            var traceId = RouteIds.Parse(Module.Name, id);
            var page = ListQueries.Parse(request.Query).Page;
            await entities.GetAsync(Module, traceId, actor, cancellationToken);
            return await EventPageAsync(traceId, traceId, page, cancellationToken);
        });

    /// <summary>The trace's events as Server-Sent Events, live (see <see cref="EventStreams"/>).</summary>
    public Task<IActionResult> StreamAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
        {
            var traceId = RouteIds.Parse(Module.Name, id);
            var stream = EventStreamRequest.Parse(request);
            await entities.GetAsync(Module, traceId, actor, cancellationToken);
            return await StreamOfAsync(traceId, traceId, stream, token => endpoints.ReauthorizeAsync(
                request, Capabilities.Read(Module), again => entities.GetAsync(Module, traceId, again, token)), cancellationToken);
        });

    /// <summary>As <see cref="EventPageAsync"/>, the live stream of the partition.</summary>
    /// <param name="authorize">The request's access check again (see <see cref="EventStreams.Stream"/>).</param>
    public async Task<IActionResult> StreamOfAsync(Guid traceId, Guid ownerId, EventStreamRequest stream, Func<CancellationToken, Task> authorize, CancellationToken cancellationToken)
    {
        await bindings.RequireHeldByAsync(traceId, ownerId, cancellationToken);
        return streams.Stream(traceId.ToString(), stream, authorize);
    }

    /// <summary>
    /// A page of the trace partition of <paramref name="ownerId"/>, an object the caller may read
    /// (a trace, or a context for its main trace); 409 TRACE_ID_TAKEN if another object holds the trace id.
    /// </summary>
    public async Task<IActionResult> EventPageAsync(Guid traceId, Guid ownerId, PageRequest page, CancellationToken cancellationToken)
        => ApiResponse.Json(StatusCodes.Status200OK, await EventPageOfAsync(traceId, ownerId, page, EventFilter.All, cancellationToken));

    /// <summary>As <see cref="EventPageAsync"/>, the page itself, of the events <paramref name="filter"/> lets through.</summary>
    public async Task<JsonObject> EventPageOfAsync(Guid traceId, Guid ownerId, PageRequest page, EventFilter filter, CancellationToken cancellationToken)
    {
        await bindings.RequireHeldByAsync(traceId, ownerId, cancellationToken);
        // One more than the page, to tell whether another page follows.
        var read = await feed.ReadAfterAsync(traceId.ToString(), page.After ?? 0, page.Limit + 1, filter, cancellationToken);
        var items = read.Events.Take(page.Limit).ToList();
        return new JsonObject
        {
            ["items"] = new JsonArray([.. items.Select(e => (JsonNode)e.Event)]),
            ["next_cursor"] = read.Events.Count > page.Limit ? Cursor.Encode(items[^1].Position) : null,
        };
    }
}
