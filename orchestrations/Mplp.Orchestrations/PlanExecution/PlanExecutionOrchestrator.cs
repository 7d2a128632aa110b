using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Mplp.Core.Agents;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Protocol;
using static Mplp.Core.Modules.Plans.PlanSchedule;

namespace Mplp.Orchestrations.PlanExecution;

/// <summary>
/// Runs an approved plan's steps through agents: ready steps (dependencies completed, then
/// <c>order_index</c>) go to their role's work queue, up to <c>MaxParallel</c> at once; each attempt
/// waits for its result until <c>StepTimeout</c>; a failed or silent attempt is retried up to
/// <c>MaxAttempts</c>; a step that still fails fails the plan and blocks its dependents. The plan
/// records every step's status; the <see cref="CancelEvent"/> cancels the plan.
/// </summary>
public static class PlanExecutionOrchestrator
{
    public const string Name = "PlanExecution";
    public const string CancelEvent = "cancel";

    /// <summary>One execution per plan: its instance id.</summary>
    public static string InstanceIdOf(Guid planId) => $"plan-{planId}";

    [Function(Name)]
    public static async Task<PlanExecutionState> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<PlanExecutionInput>() ?? throw new InvalidOperationException("PlanExecution needs its input.");
        var ids = new ExecutionIds(MplpIds.AsV4(context.NewGuid()), MplpIds.AsV4(context.NewGuid()));
        var run = await context.CallActivityAsync<PlanRun>(PlanExecutionActivities.Start, new StartRequest(input.PlanId, ids));
        // A step an earlier run left in progress (the host stopped) runs again; completed steps stay done.
        var status = run.Status.ToDictionary(s => s.Key, s => s.Value == InProgress ? Pending : s.Value);
        var attempts = new Dictionary<Guid, int>();
        var running = new List<Attempt>();
        var cancel = context.WaitForExternalEvent<string>(CancelEvent);
        while (true)
        {
            foreach (var step in Ready(run.Steps, status).Take(input.MaxParallel - running.Count).ToList())
            {
                var attempt = attempts[step.StepId] = attempts.GetValueOrDefault(step.StepId) + 1;
                var workId = MplpIds.AsV4(context.NewGuid());
                status[step.StepId] = InProgress;
                await context.CallActivityAsync(PlanExecutionActivities.Dispatch, new DispatchRequest(
                    run.PlanId, run.ContextId, step, attempt, workId, context.InstanceId, context.CurrentUtcDateTime + input.StepTimeout, ids));
                running.Add(Attempt.Start(context, step, workId, input.StepTimeout));
            }

            context.SetCustomStatus(StateOf("running", status));
            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny([.. running.SelectMany(a => a.Tasks), cancel]);
            if (done == cancel)
            {
                running.ForEach(a => a.Abandon());
                return await EndAsync(context, run, ids, status, "cancelled");
            }

            var finished = running.First(a => a.Tasks.Contains(done));
            running.Remove(finished);
            var result = finished.Outcome();
            var mayRetry = attempts[finished.Step.StepId] < input.MaxAttempts;
            var changes = Settle(run.Steps, status, finished.Step, result, mayRetry);
            var outcome = new AttemptOutcome(
                finished.Step.StepId,
                attempts[finished.Step.StepId],
                result?.Status ?? "timed_out",
                mayRetry && result is not { Succeeded: true },
                result?.Output?.GetRawText(),
                result?.Error,
                finished.WorkId,
                finished.Step.AgentRole,
                finished.StartedAt,
                context.CurrentUtcDateTime);
            await context.CallActivityAsync(PlanExecutionActivities.Record, new PlanProgress(run.PlanId, ids, changes, null, outcome));
        }

        return await EndAsync(context, run, ids, status, status.Values.All(s => s == Completed) ? "completed" : "failed");
    }

    /// <summary>What a result (or its absence: null) does to the step and its dependents; the changes to record.</summary>
    private static Dictionary<Guid, string> Settle(IReadOnlyList<PlanStep> steps, Dictionary<Guid, string> status, PlanStep step, AgentResult? result, bool mayRetry)
    {
        if (result is { Succeeded: true })
        {
            status[step.StepId] = Completed;
            return new() { [step.StepId] = Completed };
        }

        if (mayRetry)
        {
            status[step.StepId] = Pending;  // dispatched again in the next round, still in progress on the plan
            return [];
        }

        status[step.StepId] = Failed;
        var changes = new Dictionary<Guid, string> { [step.StepId] = Failed };
        foreach (var dependent in DependentsOf(steps, step.StepId).Where(d => status[d] == Pending))
        {
            status[dependent] = changes[dependent] = Blocked;
        }

        return changes;
    }

    private static async Task<PlanExecutionState> EndAsync(TaskOrchestrationContext context, PlanRun run, ExecutionIds ids, Dictionary<Guid, string> status, string planStatus)
    {
        if (planStatus == "cancelled")
        {
            // Work handed out is abandoned; its results, if any come, change nothing.
            foreach (var id in status.Where(s => s.Value is Pending or InProgress).Select(s => s.Key).ToList())
            {
                status[id] = Skipped;
            }
        }

        await context.CallActivityAsync(PlanExecutionActivities.Record, new PlanProgress(run.PlanId, ids, status, planStatus));
        var state = StateOf(planStatus, status);
        context.SetCustomStatus(state);
        return state;
    }

    private static PlanExecutionState StateOf(string planStatus, Dictionary<Guid, string> status)
        => new(planStatus, status.Values.Count(s => s == Completed), status.Count, new Dictionary<Guid, string>(status));

    /// <summary>
    /// One attempt of a step: its result event and its deadline timer. The timer is cancelled once
    /// the attempt is settled, or the orchestration would stay running until it fires.
    /// </summary>
    private sealed class Attempt(PlanStep step, Guid workId, DateTimeOffset startedAt, Task<AgentResult> result, Task deadline, CancellationTokenSource timer)
    {
        public PlanStep Step { get; } = step;

        public Guid WorkId { get; } = workId;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public IReadOnlyList<Task> Tasks { get; } = [result, deadline];

        public static Attempt Start(TaskOrchestrationContext context, PlanStep step, Guid workId, TimeSpan timeout)
        {
            var timer = new CancellationTokenSource();
            return new Attempt(step, workId, context.CurrentUtcDateTime, context.WaitForExternalEvent<AgentResult>(workId.ToString()), context.CreateTimer(timeout, timer.Token), timer);
        }

        /// <summary>The result, or null when the deadline came first (a later result finds nobody waiting).</summary>
        public AgentResult? Outcome()
        {
            Abandon();
            return result.IsCompletedSuccessfully ? result.Result : null;
        }

        public void Abandon()
        {
            timer.Cancel();
            timer.Dispose();
        }
    }
}
