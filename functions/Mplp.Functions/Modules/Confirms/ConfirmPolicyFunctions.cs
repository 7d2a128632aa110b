using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Confirms;

/// <summary>
/// A confirm's approval policy: setting one on a pending confirm starts its approval workflow. Once
/// the round has a decision the policy is frozen (409 <c>POLICY_FROZEN</c>); on a rejected confirm
/// a new policy applies from the resubmission.
/// </summary>
[ApiModule(typeof(ConfirmModule))]
public sealed class ConfirmPolicyFunctions(
    EntityEndpoints endpoints, EntityService entities, ApprovalPolicies policies, ConfirmDecisions decisions, PrincipalGrants grants, ApprovalRounds approvals, JsonBody json)
{
    private const string Policy = EntityEndpoints.ApiRoot + "/confirms/{id}/policy";
    private static ModuleDefinition Module => ConfirmModule.Definition;

    [Function("Confirms_SetPolicy")]
    [ApiOperation(ApiOperation.Custom, Summary = "Set the approval policy (quorum, roles, timeout) and start the approval workflow",
        Part = PlatformComponents.ApprovalPolicy, Response = PlatformComponents.ApprovalPolicy, Capability = "confirm:write",
        Problems = [ProblemCodes.PolicyFrozen, ProblemCodes.ReadOnlyState, ProblemCodes.SelfApprovalForbidden])]
    public Task<IActionResult> Set(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Policy)] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Write(Module), async actor =>
        {
            var confirmId = RouteIds.Parse(Module.Name, id);
            var policy = ApprovalPolicy.Parse(await json.ReadObjectAsync(request, cancellationToken));
            var confirm = await entities.GetAsync(Module, confirmId, actor, cancellationToken);
            var status = confirm.Document["status"]!.GetValue<string>();
            if (status is not ("pending" or "rejected"))
            {
                throw Problems.ReadOnly("The confirm is resolved", $"A confirm in status '{status}' takes no policy.");
            }

            if (policy.ExecutePlan && !(await grants.OfAsync(actor.Principal, cancellationToken)).Granting(Capabilities.PlanExecute, confirm.ContextId).Any())
            {
                throw Problems.Forbidden(Capabilities.PlanExecute, "A policy with execute_plan starts the plan's execution: setting it takes plan:execute in the confirm's context.");
            }

            if (policy.AllowSelfApproval)
            {
                await decisions.RequireMayWaiveFourEyesAsync(confirm, actor, cancellationToken);
            }

            if (!await policies.SetAsync(confirmId, policy, frozenOnceDecided: status == "pending", cancellationToken))
            {
                throw Problems.PolicyFrozen("The current round has decisions: its policy stays. A new policy applies from the next round (reject, set it, resubmit).");
            }

            if (status == "pending")
            {
                await approvals.StartRoundAsync(client, confirmId, cancellationToken);
            }

            return ApiResponse.Json(StatusCodes.Status200OK, policy.ToJson());
        });

    [Function("Confirms_GetPolicy")]
    [ApiOperation(ApiOperation.Custom, Summary = "The approval policy (404 POLICY_NOT_FOUND: decisions resolve the confirm one at a time)",
        Response = PlatformComponents.ApprovalPolicy, Capability = "confirm:read")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Policy)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
        {
            var confirmId = RouteIds.Parse(Module.Name, id);
            await entities.GetAsync(Module, confirmId, actor, cancellationToken);
            var policy = await policies.GetAsync(confirmId, cancellationToken)
                ?? throw Problems.NotFound("policy", $"The confirm {confirmId} has no approval policy.");
            return ApiResponse.Json(StatusCodes.Status200OK, policy.ToJson());
        });
}
