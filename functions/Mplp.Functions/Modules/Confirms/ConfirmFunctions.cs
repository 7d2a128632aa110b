using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Confirms;

/// <summary>The Confirm module's HTTP API: the collection plus decisions and resubmission.</summary>
[ApiModule(typeof(ConfirmModule))]
public sealed class ConfirmFunctions(EntityEndpoints endpoints, ConfirmDecisions decisions, ApprovalRounds approvals, JsonBody json)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/confirms";
    private const string Item = Collection + "/{id}";

    [Function("Confirms_Create")]
    [ApiOperation(ApiOperation.Create)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(ConfirmModule.Definition, request, cancellationToken);

    [Function("Confirms_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(ConfirmModule.Definition, request, id, cancellationToken);

    [Function("Confirms_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(ConfirmModule.Definition, request, cancellationToken);

    [Function("Confirms_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(ConfirmModule.Definition, request, id, cancellationToken);

    [Function("Confirms_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(ConfirmModule.Definition, request, id, cancellationToken);

    /// <summary>
    /// Records a decision (<c>status</c>: approved, rejected or cancelled; <c>decided_by_role</c>;
    /// <c>reason</c>); the id and time are the server's. Without a policy the decision resolves the
    /// confirm (an approval of a plan approves the plan); with one, the approval workflow does once
    /// the quorum is met, and the answer shows the confirm still pending.
    /// </summary>
    [Function("Confirms_Decide")]
    [ApiOperation(ApiOperation.Action, Summary = "Record a decision (approved, rejected or cancelled)", Part = "/$defs/confirm_decision_core", Capability = Capabilities.ConfirmDecide,
        Problems = [ProblemCodes.AlreadyDecided, ProblemCodes.SelfApprovalForbidden, ProblemCodes.RoleNotHeld, ProblemCodes.TargetNotApprovable])]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/decisions")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(ConfirmModule.Definition, request, Capabilities.ConfirmDecide, async actor =>
        {
            var confirmId = RouteIds.Parse(ConfirmModule.Definition.Name, id);
            var decision = await json.ReadObjectAsync(request, cancellationToken);
            var outcome = await decisions.DecideAsync(confirmId, decision, IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            if (outcome.Policy is not null)
            {
                await approvals.NotifyAsync(client, confirmId, cancellationToken);
            }

            return ApiResponse.Document(StatusCodes.Status200OK, outcome.Confirm);
        });

    /// <summary>
    /// Puts a rejected confirm back to pending; its decisions stay. A new round starts: everyone may
    /// decide again, and with a policy a new approval workflow runs.
    /// </summary>
    [Function("Confirms_Resubmit")]
    [ApiOperation(ApiOperation.Action, Summary = "Put a rejected confirm back to pending (a new round)")]
    public Task<IActionResult> Resubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/resubmit")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(ConfirmModule.Definition, request, Capabilities.Write(ConfirmModule.Definition), async actor =>
        {
            var confirmId = RouteIds.Parse(ConfirmModule.Definition.Name, id);
            var pending = await decisions.ResubmitAsync(confirmId, IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            await approvals.StartNextRoundAsync(client, confirmId, cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, pending);
        });
}
