using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Plans;

/// <summary>The Plan module's HTTP API: the collection plus the approve action.</summary>
[ApiModule(typeof(PlanModule))]
public sealed class PlanFunctions(EntityEndpoints endpoints, PlanApprovals approvals)
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

    /// <summary>
    /// Approves a proposed plan, as it is now (recorded: only that content executes); the other way
    /// is an approved Confirm targeting it. The plan's author may not, unless an administrator.
    /// </summary>
    [Function("Plans_Approve")]
    [ApiOperation(ApiOperation.Action, Summary = "Approve a proposed plan (proposed to approved); not by its author", Capability = Capabilities.PlanApprove,
        Problems = [ProblemCodes.SelfApprovalForbidden])]
    public Task<IActionResult> Approve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/approve")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(PlanModule.Definition, request, Capabilities.PlanApprove, async actor =>
        {
            var planId = RouteIds.Parse(PlanModule.Definition.Name, id);
            var approved = await approvals.ApproveDirectlyAsync(planId, IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, approved);
        });
}
