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
/// writing step and plan statuses (each a <c>plan.updated</c> event in the context's trace), and the
/// execution's MPLP events (<see cref="PlanExecutionEvents"/>). Activities may run more than once;
/// each is safe to repeat (a repeated one may log its events again).
/// </summary>
public sealed class PlanExecutionActivities(
    EntityService entities,
    PlanApprovals approvals,
    AgentWork agents,
    ContextEvents contextEvents,
    TraceEventWriter writer,
    TimeProvider clock,
    IOptions<AgentOptions> options,
    MplpMetrics metrics)
{
    public const string Start = "PlanExecution_Start";
    public const string Dispatch = "PlanExecution_Dispatch";
    public const string Record = "PlanExecution_Record";

    private static readonly Actor Executor = Actor.System("plan-execution");
    private static ModuleDefinition Plans => PlanModule.Definition;

    /// <summary>The plan to run: only its approved content (409 <c>APPROVAL_MISMATCH</c> fails the execution before any step).</summary>
    [Function(Start)]
    public async Task<PlanRun> StartAsync([ActivityTrigger] StartRequest request, CancellationToken cancellationToken)
    {
        MplpTelemetry.Annotate(null, request.PlanId);
        var stored = await entities.GetAsync(Plans, request.PlanId, Executor, cancellationToken);
        await approvals.RequireApprovedAsIsAsync(stored, cancellationToken);
        var plan = stored.Document;
        var steps = PlanSchedule.StepsOf(plan);
        var status = (plan["steps"] as JsonArray ?? []).ToDictionary(
            s => Guid.Parse(s!["step_id"]!.GetValue<string>()),
            s => s!["status"]!.GetValue<string>());
        var run = new PlanRun(request.PlanId, Guid.Parse(plan["context_id"]!.GetValue<string>()), steps, status);
        var events = await EventsAsync(request.Ids, run.ContextId, run.PlanId, cancellationToken);
        await writer.AppendAsync([.. events.Started(steps)], cancellationToken);
        return run;
    }

    [Function(Dispatch)]
    public async Task DispatchAsync([ActivityTrigger] DispatchRequest request, CancellationToken cancellationToken)
    {
        MplpTelemetry.Annotate(request.ContextId, request.PlanId);
        var events = await EventsAsync(request.Ids, request.ContextId, request.PlanId, cancellationToken);
        if (request.Attempt == 1)
        {
            await SetAsync(new PlanProgress(request.PlanId, request.Ids, new Dictionary<Guid, string> { [request.Step.StepId] = PlanSchedule.InProgress }, null), [], cancellationToken);
            await writer.AppendAsync([.. events.StepStarted(request.Step), events.AttemptStarted(request)], cancellationToken);
        }
        else
        {
            await writer.AppendAsync([events.AttemptStarted(request)], cancellationToken);
        }

        var order = new WorkOrder(request.WorkId, request.ExecutionId, request.ContextId, request.Step.AgentRole, request.Step.Description, request.Deadline,
            events.TraceId, options.Value.ResultsQueue, MplpTelemetry.CurrentTraceParent());
        await agents.HandOutAsync(WorkItem.ForPlanStep(request.PlanId, request.Step.StepId, request.Attempt, order), cancellationToken);
    }

    [Function(Record)]
    public async Task RecordAsync([ActivityTrigger] PlanProgress progress, CancellationToken cancellationToken)
    {
        var changed = new Dictionary<Guid, string>();
        var plan = progress.Steps.Count > 0 || progress.PlanStatus is not null
            ? await SetAsync(progress, changed, cancellationToken)
            : await entities.GetAsync(Plans, progress.PlanId, Executor, cancellationToken);
        if (progress.PlanStatus is { } ended)
        {
            metrics.PlanExecutionEnded(ended);
        }

        var contextId = Guid.Parse(plan.Document["context_id"]!.GetValue<string>());
        var events = await EventsAsync(progress.Ids, contextId, progress.PlanId, cancellationToken);
        var logged = new List<OutboxEvent>();
        if (progress.Attempt is { } attempt)
        {
            logged.Add(TraceEvents.Create(Plans.Name, $"step.{attempt.Outcome}", events.TraceId, clock.GetUtcNow(), new JsonObject
            {
                ["plan_id"] = progress.PlanId.ToString(),
                ["step_id"] = attempt.StepId.ToString(),
                ["attempt"] = attempt.Attempt,
                ["will_retry"] = attempt.WillRetry,
                ["output"] = TraceEvents.Excerpt(attempt.Output),
                ["error"] = TraceEvents.Excerpt(attempt.Error),
                ["actor"] = Executor.Principal,
            }));
            logged.Add(events.AttemptEnded(attempt));
        }

        var steps = PlanSchedule.StepsOf(plan.Document).ToDictionary(s => s.StepId);
        logged.AddRange(changed.SelectMany(c => events.StepSettled(steps[c.Key], c.Value, progress.Attempt?.StepId == c.Key ? progress.Attempt : null)));
        if (progress.PlanStatus is { } planStatus)
        {
            logged.AddRange(events.Ended(planStatus, progress.Steps));
        }

        if (logged.Count > 0)
        {
            await writer.AppendAsync(logged, cancellationToken);
        }
    }

    private async Task<PlanExecutionEvents> EventsAsync(ExecutionIds ids, Guid contextId, Guid planId, CancellationToken cancellationToken)
        => new(ids, contextId, planId, await contextEvents.TraceIdAsync(contextId, cancellationToken), clock.GetUtcNow());

    /// <summary>Writes the statuses; <paramref name="changed"/> gets the steps whose status this write changed (a repeated write changes none).</summary>
    private Task<StoredDocument> SetAsync(PlanProgress progress, Dictionary<Guid, string> changed, CancellationToken cancellationToken)
        => entities.ActAsync(Plans, progress.PlanId, ["steps", "status"], plan =>
        {
            changed.Clear();  // the write is tried again on a concurrent change: only the last try counts
            foreach (var step in (plan["steps"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var stepId = Guid.Parse(step["step_id"]!.GetValue<string>());
                if (progress.Steps.TryGetValue(stepId, out var status) && step["status"]?.GetValue<string>() != status)
                {
                    step["status"] = status;
                    changed[stepId] = status;
                }
            }

            if (progress.PlanStatus is { } planStatus)
            {
                plan["status"] = planStatus;
            }
        }, IfMatch.None, Executor, cancellationToken);
}
