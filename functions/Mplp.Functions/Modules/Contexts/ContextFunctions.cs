using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Events;
using Mplp.Functions.Http;
using Mplp.Functions.Modules.Traces;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Contexts;

/// <summary>The Context module's HTTP API.</summary>
[ApiModule(typeof(ContextModule))]
public sealed class ContextFunctions(EntityEndpoints endpoints, EntityService entities, TraceEventEndpoints events)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/contexts";
    private const string Item = Collection + "/{id}";

    [Function("Contexts_Create")]
    [ApiOperation(ApiOperation.Create, Problems = [ProblemCodes.TraceIdTaken])]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(ContextModule.Definition, request, cancellationToken);

    [Function("Contexts_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(ContextModule.Definition, request, id, cancellationToken);

    [Function("Contexts_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(ContextModule.Definition, request, cancellationToken);

    [Function("Contexts_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(ContextModule.Definition, request, id, cancellationToken);

    [Function("Contexts_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(ContextModule.Definition, request, id, cancellationToken);

    /// <summary>The context's main trace: every event of the context and of the objects in it, oldest first.</summary>
    [Function("Contexts_ListEvents")]
    [ApiOperation(ApiOperation.ListItems, Summary = "Page through the event log of the context's main trace", Part = "Events", Capability = Capabilities.TraceRead,
        Problems = [ProblemCodes.TraceIdTaken])]
    public Task<IActionResult> ListEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/events")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(ContextModule.Definition, request, Capabilities.TraceRead, async actor =>
        {
            var page = ListQueries.Parse(request.Query).Page;
            var context = await entities.GetAsync(ContextModule.Definition, RouteIds.Parse(ContextModule.Definition.Name, id), actor, cancellationToken);
            return await events.EventPageAsync(ContextModule.Definition.OwnTraceIdOf!(context.Document), context.Id, page, cancellationToken);
        });

    /// <summary>The context's main trace as Server-Sent Events, live: the same events, order and access as <see cref="ListEvents"/>.</summary>
    [Function("Contexts_StreamEvents")]
    [ApiOperation(ApiOperation.EventStream, Summary = "Stream the event log of the context's main trace live (Server-Sent Events)", Capability = Capabilities.TraceRead,
        Problems = [ProblemCodes.TraceIdTaken])]
    public Task<IActionResult> StreamEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/events/stream")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(ContextModule.Definition, request, Capabilities.TraceRead, async actor =>
        {
            var stream = EventStreamRequest.Parse(request);
            var contextId = RouteIds.Parse(ContextModule.Definition.Name, id);
            var context = await entities.GetAsync(ContextModule.Definition, contextId, actor, cancellationToken);
            return await events.StreamOfAsync(ContextModule.Definition.OwnTraceIdOf!(context.Document), context.Id, stream, token => endpoints.ReauthorizeAsync(
                request, Capabilities.TraceRead, again => entities.GetAsync(ContextModule.Definition, contextId, again, token)), cancellationToken);
        });
}
