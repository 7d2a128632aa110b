using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Agents;
using Mplp.Core.Documents;
using Mplp.Core.Events;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Observability;

namespace Mplp.Orchestrations.PlanExecution;

/// <summary>
/// The plan execution's side effects: reading the plan, handing a step to its role's queue (with a
/// claim token of its own per attempt, made here: a retried dispatch replaces it), and
/// writing step and plan statuses (each a <c>plan.updated</c> event in the context's trace).
/// Activities may run more than once; each is safe to repeat.
/// </summary>
public sealed class PlanExecutionActivities(
    EntityService entities, PlanApprovals approvals, AgentWork agents, ContextEvents contextEvents, IOptions<AgentOptions> options, MplpMetrics metrics)
{
    public const string Start = "PlanExecution_Start";
    public const string Dispatch = "PlanExecution_Dispatch";
    public const string Record = "PlanExecution_Record";

    private static readonly Actor Executor = Actor.System("plan-execution");
    private static ModuleDefinition Plans => PlanModule.Definition;

    /// <summary>The plan to run: only its approved content (409 <c>APPROVAL_MISMATCH</c> fails the execution before any step).</summary>
    [Function(Start)]
    public async Task<PlanRun> StartAsync([ActivityTrigger] Guid planId, CancellationToken cancellationToken)
    {
        MplpTelemetry.Annotate(null, planId);
        var stored = await entities.GetAsync(Plans, planId, Executor, cancellationToken);
        await approvals.RequireApprovedAsIsAsync(stored, cancellationToken);
        var plan = stored.Document;
        var steps = PlanSchedule.StepsOf(plan);
        var status = (plan["steps"] as JsonArray ?? []).ToDictionary(
            s => Guid.Parse(s!["step_id"]!.GetValue<string>()),
            s => s!["status"]!.GetValue<string>());
        return new PlanRun(planId, Guid.Parse(plan["context_id"]!.GetValue<string>()), steps, status);
    }

    [Function(Dispatch)]
    public async Task DispatchAsync([ActivityTrigger] DispatchRequest request, CancellationToken cancellationToken)
    {
        MplpTelemetry.Annotate(request.ContextId, request.PlanId);
        if (request.Attempt == 1)
        {
            await SetAsync(new PlanProgress(request.PlanId, new Dictionary<Guid, string> { [request.Step.StepId] = PlanSchedule.InProgress }, null), cancellationToken);
        }

        var traceId = await contextEvents.TraceIdAsync(request.ContextId, cancellationToken);
        var order = new WorkOrder(request.WorkId, request.ExecutionId, request.ContextId, request.Step.AgentRole, request.Step.Description, request.Deadline,
            traceId, options.Value.ResultsQueue, MplpTelemetry.CurrentTraceParent());
        await agents.HandOutAsync(WorkItem.ForPlanStep(request.PlanId, request.Step.StepId, request.Attempt, order), cancellationToken);
    }

    [Function(Record)]
    public async Task RecordAsync([ActivityTrigger] PlanProgress progress, CancellationToken cancellationToken)
    {
        var plan = progress.Steps.Count > 0 || progress.PlanStatus is not null
            ? await SetAsync(progress, cancellationToken)
            : await entities.GetAsync(Plans, progress.PlanId, Executor, cancellationToken);
        if (progress.PlanStatus is { } ended)
        {
            metrics.PlanExecutionEnded(ended);
        }

        if (progress.Attempt is { } attempt)
        {
            var contextId = Guid.Parse(plan.Document["context_id"]!.GetValue<string>());
            await contextEvents.AppendAsync(contextId, Plans.Name, $"step.{attempt.Outcome}", new JsonObject
            {
                ["plan_id"] = progress.PlanId.ToString(),
                ["step_id"] = attempt.StepId.ToString(),
                ["attempt"] = attempt.Attempt,
                ["will_retry"] = attempt.WillRetry,
                ["output"] = TraceEvents.Excerpt(attempt.Output),
                ["error"] = TraceEvents.Excerpt(attempt.Error),
                ["actor"] = Executor.Principal,
            }, cancellationToken);
        }
    }

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
