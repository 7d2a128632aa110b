using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Modules.Traces;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Traces;

/// <summary>The Trace module's HTTP API: the collection plus its event log.</summary>
[ApiModule(typeof(TraceModule))]
public sealed class TraceFunctions(EntityEndpoints endpoints, TraceEventEndpoints events)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/traces";
    private const string Item = Collection + "/{id}";

    [Function("Traces_Create")]
    [ApiOperation(ApiOperation.Create, Problems = [ProblemCodes.TraceIdTaken])]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(TraceModule.Definition, request, cancellationToken);

    [Function("Traces_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(TraceModule.Definition, request, id, cancellationToken);

    [Function("Traces_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(TraceModule.Definition, request, cancellationToken);

    [Function("Traces_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(TraceModule.Definition, request, id, cancellationToken);

    [Function("Traces_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(TraceModule.Definition, request, id, cancellationToken);

    /// <summary>Appends a batch: <c>{"events": [ ... ]}</c>, 1 to 100 MPLP events.</summary>
    [Function("Traces_AppendEvents")]
    [ApiOperation(ApiOperation.Custom, Status = 202, Summary = "Append a batch of 1 to 100 MPLP events ({\"events\": [...]}) to the trace's log",
        Part = PlatformComponents.EventBatch, Response = PlatformComponents.EventsAccepted, Capability = Capabilities.TraceAppend,
        Problems = [ProblemCodes.TraceIdTaken])]
    public Task<IActionResult> AppendEvents([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/events")] HttpRequest request, string id, CancellationToken cancellationToken)
        => events.AppendAsync(request, id, cancellationToken);

    [Function("Traces_ListEvents")]
    [ApiOperation(ApiOperation.ListItems, Summary = "Page through the trace's event log", Part = "Events", Problems = [ProblemCodes.TraceIdTaken])]
    public Task<IActionResult> ListEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/events")] HttpRequest request, string id, CancellationToken cancellationToken)
        => events.ReadAsync(request, id, cancellationToken);

    [Function("Traces_StreamEvents")]
    [ApiOperation(ApiOperation.EventStream, Summary = "Stream the trace's event log live (Server-Sent Events)", Problems = [ProblemCodes.TraceIdTaken])]
    public Task<IActionResult> StreamEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/events/stream")] HttpRequest request, string id, CancellationToken cancellationToken)
        => events.StreamAsync(request, id, cancellationToken);
}
