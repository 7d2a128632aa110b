using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Mplp.Core.Agents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Plans;

/// <summary>
/// The agent protocol over HTTP, for agents that cannot reach the queues: claim the next work item
/// of a role, post its result. Both need <c>plan:work</c> in the work item's context; a claim also
/// a role of that name there (<see cref="AgentReach"/>), a result the attempt's claim token.
/// </summary>
[ApiModule(typeof(PlanModule))]
public sealed class AgentWorkFunctions(EntityEndpoints endpoints, AgentWork agents, AgentResultSubmission results, PrincipalGrants grants, JsonBody json)
{
    private const string Agents = EntityEndpoints.ApiRoot + "/agents";

    /// <summary>
    /// 200 with a work item (it is then the caller's: answer before its deadline, with its
    /// <c>claim_token</c>), or 204 when the role has none within the caller's reach.
    /// </summary>
    [Function("Agents_ClaimWork")]
    [ApiOperation(ApiOperation.Custom, Summary = "Claim the next work item of a role within the caller's reach (204 when there is none)", Response = PlatformComponents.WorkItem, Capability = Capabilities.PlanWork)]
    public Task<IActionResult> Claim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Agents + "/{role}/work/claim")] HttpRequest request, string role, CancellationToken cancellationToken)
        => endpoints.RunAsync(PlanModule.Definition, request, Capabilities.PlanWork, async actor =>
            await agents.ClaimAsync(role, await grants.OfAsync(actor.Principal, cancellationToken), cancellationToken) is { } work
                ? ApiResponse.Json(StatusCodes.Status200OK, JsonSerializer.SerializeToNode(work, AgentProtocol.Json)!)
                : ApiResponse.NoContent());

    /// <summary>
    /// 202; <c>delivered</c> is false when no execution waits for it (late, duplicate, ended): it
    /// changes nothing. 403 <c>CLAIM_TOKEN_INVALID</c> without the attempt's token.
    /// </summary>
    [Function("Agents_PostResult")]
    [ApiOperation(ApiOperation.Custom, Status = 202, Summary = "Report the result of a work item",
        Part = PlatformComponents.AgentResult, Response = PlatformComponents.ResultDelivery, Capability = Capabilities.PlanWork, Problems = [ProblemCodes.ClaimTokenInvalid])]
    public Task<IActionResult> PostResult(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Agents + "/results")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(PlanModule.Definition, request, Capabilities.PlanWork, async actor =>
        {
            var (result, delivered) = await results.SubmitAsync(await json.ReadObjectAsync(request, cancellationToken), actor, client, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status202Accepted, new JsonObject { ["work_id"] = result.WorkId.ToString(), ["delivered"] = delivered });
        });
}
