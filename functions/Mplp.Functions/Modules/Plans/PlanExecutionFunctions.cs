using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Mplp.Core.Access;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;
using Mplp.Orchestrations.PlanExecution;

namespace Mplp.Functions.Modules.Plans;

/// <summary>
/// Executing an approved plan through agents (the <c>PlanExecution</c> orchestration, one per plan),
/// reading how far it is, and cancelling it.
/// </summary>
[ApiModule(typeof(PlanModule))]
public sealed class PlanExecutionFunctions(EntityEndpoints endpoints, EntityService entities, PlanExecutions executions, JsonBody json)
{
    private const string Item = EntityEndpoints.ApiRoot + "/plans/{id}";
    private static ModuleDefinition Module => PlanModule.Definition;

    /// <summary>
    /// 202 with the execution; 409 <c>PLAN_NOT_APPROVED</c>, <c>PLAN_ALREADY_EXECUTING</c>,
    /// <c>CONTEXT_NOT_ACTIVE</c> or <c>APPROVAL_MISMATCH</c> (its content is not what was approved).
    /// </summary>
    [Function("Plans_Execute")]
    [ApiOperation(ApiOperation.Custom, Status = 202, Summary = "Execute an approved plan through agents",
        Part = PlatformComponents.ExecutionRequest, Response = PlatformComponents.Execution, Capability = Capabilities.PlanExecute,
        Problems = [ProblemCodes.PlanNotApproved, ProblemCodes.PlanAlreadyExecuting, ProblemCodes.ApprovalMismatch, ProblemCodes.ContextNotActive])]
    public Task<IActionResult> Execute(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/execute")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.PlanExecute, async actor =>
        {
            var planId = RouteIds.Parse(Module.Name, id);
            var input = await InputAsync(request, planId, cancellationToken);
            if (!await executions.StartAsync(client, input, actor, cancellationToken))
            {
                throw Problems.PlanAlreadyExecuting($"See GET /{EntityEndpoints.ApiRoot}/plans/{planId}/execution.");
            }

            return ApiResponse.Json(StatusCodes.Status202Accepted, Execution(planId, "running", input, null))
                .WithHeader("Location", $"/{EntityEndpoints.ApiRoot}/plans/{planId}/execution");
        });

    [Function("Plans_GetExecution")]
    [ApiOperation(ApiOperation.Custom, Summary = "How far the plan's execution is", Response = PlatformComponents.Execution, Capability = "plan:read")]
    public Task<IActionResult> GetExecution(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item + "/execution")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
            ApiResponse.Json(StatusCodes.Status200OK, await ExecutionAsync(entities, client, RouteIds.Parse(Module.Name, id), actor, cancellationToken)));

    /// <summary>How far the plan's execution is, for a caller who may read the plan (the API's and MCP's answer).</summary>
    internal static async Task<JsonObject> ExecutionAsync(EntityService entities, DurableTaskClient client, Guid planId, Actor actor, CancellationToken cancellationToken)
    {
        await entities.GetAsync(Module, planId, actor, cancellationToken);
        var execution = await WorkflowStatus.ReadAsync<PlanExecutionInput, PlanExecutionState>(
            client, PlanExecutionOrchestrator.InstanceIdOf(planId), "execution", NotExecuted(planId), state => state.Status, cancellationToken);
        return Execution(planId, execution.Status, execution.Input, execution.State);
    }

    [Function("Plans_CancelExecution")]
    [ApiOperation(ApiOperation.Custom, Status = 202, Summary = "Cancel the plan's execution (the plan becomes cancelled)", Capability = Capabilities.PlanExecute,
        Problems = [ProblemCodes.ExecutionEnded])]
    public Task<IActionResult> CancelExecution(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/execution/cancel")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.PlanExecute, async actor =>
        {
            var planId = RouteIds.Parse(Module.Name, id);
            await entities.GetAsync(Module, planId, actor, cancellationToken);
            var instanceId = PlanExecutionOrchestrator.InstanceIdOf(planId);
            var instance = await WorkflowStatus.InstanceAsync(client, instanceId, "execution", NotExecuted(planId), getInputsAndOutputs: false, cancellationToken);
            if (instance.IsCompleted)
            {
                throw Problems.ExecutionEnded();
            }

            await client.RaiseEventAsync(instanceId, PlanExecutionOrchestrator.CancelEvent, "cancel", cancellationToken);
            return ApiResponse.Json(StatusCodes.Status202Accepted, new JsonObject { ["plan_id"] = planId.ToString(), ["status"] = "cancelling" });
        });

    private async Task<PlanExecutionInput> InputAsync(HttpRequest request, Guid planId, CancellationToken cancellationToken)
    {
        if (!JsonBody.IsPresent(request))
        {
            return executions.InputOf(planId);
        }

        var fields = new PlatformBody(await json.ReadObjectAsync(request, cancellationToken), "max_parallel", "step_timeout_seconds", "max_attempts");
        var input = executions.InputOf(
            planId,
            fields.Integer("max_parallel", 1, 64),
            fields.Integer("step_timeout_seconds", 1, 7 * 24 * 3600) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            fields.Integer("max_attempts", 1, 20));
        fields.ThrowIfInvalid();
        return input;
    }

    private static string NotExecuted(Guid planId) => $"The plan {planId} has not been executed.";

    /// <summary>An execution as the API shows it.</summary>
    internal static JsonObject Execution(Guid planId, string status, PlanExecutionInput? input, PlanExecutionState? state) => new()
    {
        ["execution_id"] = PlanExecutionOrchestrator.InstanceIdOf(planId),
        ["plan_id"] = planId.ToString(),
        ["status"] = status,
        ["max_parallel"] = input?.MaxParallel,
        ["step_timeout_seconds"] = input?.StepTimeout.TotalSeconds,
        ["max_attempts"] = input?.MaxAttempts,
        ["completed_steps"] = state?.Completed ?? 0,
        ["total_steps"] = state?.Total,
        ["steps"] = new JsonObject([.. (state?.Steps ?? new Dictionary<Guid, string>()).Select(s => KeyValuePair.Create(s.Key.ToString(), (JsonNode?)s.Value))]),
    };
}
