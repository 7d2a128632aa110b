using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Mplp.Orchestrations.Approvals;

/// <summary>Which confirm, and from when its decisions count (a resubmission starts a new round).</summary>
public sealed record ApprovalInput(Guid ConfirmId, DateTimeOffset Since);

/// <summary>
/// What the workflow needs from an evaluation: the resolution reached, if any, the policy's timeout,
/// the plan to execute once approved (a plan target under a policy with <c>execute_plan</c>), and
/// the target version the counted decisions were made on.
/// </summary>
public sealed record ApprovalState(string? Resolution, bool Pending, TimeSpan? Timeout, string OnTimeout, Guid? PlanToExecute = null, long TargetVersion = 0);

/// <summary>
/// A confirm's approval workflow under its policy: every decision (<see cref="DecisionEvent"/>)
/// re-evaluates the quorum; the first resolution is written to the confirm (and to a plan target,
/// unless the plan changed since the decisions that reached it: then the round goes on).
/// Without a resolution before the policy's timeout it escalates (the escalation roles count too,
/// for another timeout, then it expires as rejected), rejects or cancels.
/// </summary>
public static class ConfirmApprovalOrchestrator
{
    public const string Name = "ConfirmApproval";
    public const string DecisionEvent = "decision";

    public static string InstanceIdOf(Guid confirmId) => $"confirm-{confirmId}";

    /// <summary>Starts the approved plan's execution, as the execute endpoint would (its own orchestration, plan-&lt;id&gt;).</summary>
    private static async Task<string> ExecuteAsync(TaskOrchestrationContext context, Guid planId)
    {
        try
        {
            await context.CallActivityAsync(ApprovalActivities.StartPlan, planId);
            return "approved; plan executing";
        }
        catch (TaskFailedException e)
        {
            return $"approved; the plan did not start: {e.FailureDetails.ErrorMessage}";
        }
    }

    [Function(Name)]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<ApprovalInput>() ?? throw new InvalidOperationException("ConfirmApproval needs its input.");
        var escalated = false;
        while (true)
        {
            var state = await context.CallActivityAsync<ApprovalState>(ApprovalActivities.Evaluate, new ApprovalCheck(input.ConfirmId, input.Since, escalated));
            if (!state.Pending)
            {
                return "resolved elsewhere";
            }

            if (state.Resolution is { } resolution)
            {
                if (!await context.CallActivityAsync<bool>(ApprovalActivities.Resolve, new ApprovalResolution(input.ConfirmId, resolution, null, state.TargetVersion)))
                {
                    continue;  // the plan changed since those decisions: they no longer count
                }

                if (resolution == "approved" && state.PlanToExecute is { } planId)
                {
                    return await ExecuteAsync(context, planId);
                }

                return resolution;
            }

            using var timer = new CancellationTokenSource();
            var decision = context.WaitForExternalEvent<string>(DecisionEvent);
            var deadline = state.Timeout is { } timeout ? context.CreateTimer(timeout, timer.Token) : null;
            var first = await Task.WhenAny(deadline is null ? [decision] : [decision, deadline]);
            if (first == decision)
            {
                timer.Cancel();
                continue;
            }

            var action = escalated ? "reject" : state.OnTimeout;
            if (action == "escalate")
            {
                escalated = true;
                await context.CallActivityAsync(ApprovalActivities.Escalate, input.ConfirmId);
                continue;
            }

            var expired = action == "cancel" ? "cancelled" : "rejected";
            await context.CallActivityAsync<bool>(ApprovalActivities.Resolve, new ApprovalResolution(input.ConfirmId, expired, "timed out"));
            return expired;
        }
    }
}
