using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Agents;
using Mplp.Core.Documents;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Plans;

namespace Mplp.Orchestrations.PlanExecution;

/// <summary>
/// The plan execution's side effects: reading the plan, handing a step to its role's queue, and
/// writing step and plan statuses (each a <c>plan.updated</c> event in the context's trace).
/// Activities may run more than once; each is safe to repeat.
/// </summary>
public sealed class PlanExecutionActivities(EntityService entities, IAgentTransport agents, IOptions<AgentOptions> options)
{
    public const string Start = "PlanExecution_Start";
    public const string Dispatch = "PlanExecution_Dispatch";
    public const string Record = "PlanExecution_Record";

    private static readonly Actor Executor = Actor.System("plan-execution");
    private static ModuleDefinition Plans => PlanModule.Definition;

    [Function(Start)]
    public async Task<PlanRun> StartAsync([ActivityTrigger] Guid planId, CancellationToken cancellationToken)
    {
        var plan = (await entities.GetAsync(Plans, planId, Executor, cancellationToken)).Document;
        var steps = PlanSchedule.StepsOf(plan);
        var status = (plan["steps"] as JsonArray ?? []).ToDictionary(
            s => Guid.Parse(s!["step_id"]!.GetValue<string>()),
            s => s!["status"]!.GetValue<string>());
        return new PlanRun(planId, Guid.Parse(plan["context_id"]!.GetValue<string>()), steps, status);
    }

    [Function(Dispatch)]
    public async Task DispatchAsync([ActivityTrigger] DispatchRequest request, CancellationToken cancellationToken)
    {
        if (request.Attempt == 1)
        {
            await SetAsync(new PlanProgress(request.PlanId, new Dictionary<Guid, string> { [request.Step.StepId] = PlanSchedule.InProgress }, null), cancellationToken);
        }

        var traceId = await entities.ContextTraceIdAsync(request.ContextId, "/context_id", cancellationToken);
        await agents.SendAsync(new WorkItem(
            AgentProtocol.Version,
            WorkItem.PlanStep,
            request.WorkId,
            request.ExecutionId,
            request.PlanId,
            request.Step.StepId,
            request.ContextId,
            request.Attempt,
            request.Step.AgentRole,
            request.Step.Description,
            request.Deadline,
            request.ExecutionId,
            traceId,
            options.Value.ResultsQueue), cancellationToken);
    }

    [Function(Record)]
    public Task RecordAsync([ActivityTrigger] PlanProgress progress, CancellationToken cancellationToken) => SetAsync(progress, cancellationToken);

    private Task<StoredDocument> SetAsync(PlanProgress progress, CancellationToken cancellationToken)
        => entities.ActAsync(Plans, progress.PlanId, ["steps", "status"], plan =>
        {
            foreach (var step in (plan["steps"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (progress.Steps.TryGetValue(Guid.Parse(step["step_id"]!.GetValue<string>()), out var status))
                {
                    step["status"] = status;
                }
            }

            if (progress.PlanStatus is { } planStatus)
            {
                plan["status"] = planStatus;
            }
        }, IfMatch.None, Executor, cancellationToken);
}
