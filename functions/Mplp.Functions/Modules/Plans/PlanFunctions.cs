using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Plans;

/// <summary>The Plan module's HTTP API: the collection plus the approve action.</summary>
[ApiModule(typeof(PlanModule))]
public sealed class PlanFunctions(EntityEndpoints endpoints)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/plans";
    private const string Item = Collection + "/{id}";

    [Function("Plans_Create")]
    [ApiOperation(ApiOperation.Create)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(PlanModule.Definition, request, cancellationToken);

    [Function("Plans_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(PlanModule.Definition, request, id, cancellationToken);

    [Function("Plans_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(PlanModule.Definition, request, cancellationToken);

    [Function("Plans_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(PlanModule.Definition, request, id, cancellationToken);

    [Function("Plans_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(PlanModule.Definition, request, id, cancellationToken);

    /// <summary>Approves a proposed plan; the other way is an approved Confirm targeting it.</summary>
    [Function("Plans_Approve")]
    [ApiOperation(ApiOperation.Action, Summary = "Approve a proposed plan (proposed to approved)", Capability = Capabilities.PlanApprove)]
    public Task<IActionResult> Approve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/approve")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.TransitionAsync(PlanModule.Definition, request, id, "approved", Capabilities.PlanApprove, cancellationToken);
}
