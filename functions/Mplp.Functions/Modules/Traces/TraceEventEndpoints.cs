using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Modules.Traces;
using Mplp.Functions.Http;

namespace Mplp.Functions.Modules.Traces;

/// <summary>
/// Appending to and reading a trace's event log (the Azure Table partition of the trace): through
/// the object that owns the trace id, within the caller's contexts, and only while that object
/// holds the trace id's binding (<see cref="TraceBindings"/>).
/// </summary>
public sealed class TraceEventEndpoints(
    EntityService entities, TraceBindings bindings, TraceEventBatch batch, TraceEventWriter writer, EventLog eventLog, EntityEndpoints endpoints, JsonBody json)
{
    private static ModuleDefinition Module => TraceModule.Definition;

    /// <summary>
    /// 202: the events are durable (written with the outbox) and show in the log within moments,
    /// in the order they were accepted.
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

            await bindings.RequireHeldByAsync(traceId, traceId, cancellationToken);
            var events = batch.Prepare(traceId, body);
            await writer.AppendAsync(events, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status202Accepted, new JsonObject
            {
                ["accepted"] = events.Count,
                ["event_ids"] = new JsonArray([.. events.Select(e => e.Event["event_id"]!.DeepClone())]),
            });
        });

    /// <summary>A page of the trace's events, oldest first.</summary>
    public Task<IActionResult> ReadAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
        {
            var traceId = RouteIds.Parse(Module.Name, id);
            var page = ListQueries.Parse(request.Query).Page;
            await entities.GetAsync(Module, traceId, actor, cancellationToken);
            return await EventPageAsync(traceId, traceId, page, cancellationToken);
        });

    /// <summary>
    /// A page of the trace partition of <paramref name="ownerId"/>, an object the caller may read
    /// (a trace, or a context for its main trace); 409 TRACE_ID_TAKEN if another object holds the trace id.
    /// </summary>
    public async Task<IActionResult> EventPageAsync(Guid traceId, Guid ownerId, PageRequest page, CancellationToken cancellationToken)
    {
        await bindings.RequireHeldByAsync(traceId, ownerId, cancellationToken);
        var events = await eventLog.ReadAsync(traceId.ToString(), page, cancellationToken);
        return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
        {
            ["items"] = new JsonArray([.. events.Items.Select(e => (JsonNode)e)]),
            ["next_cursor"] = events.NextCursor,
        });
    }
}
