using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Mplp.Core.Access;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Plans;
using Mplp.Orchestrations.PlanExecution;

namespace Mplp.Orchestrations.Approvals;

public sealed record ApprovalCheck(Guid ConfirmId, DateTimeOffset Since, bool Escalated);

/// <summary>A resolution to write; an approval of a plan target holds only while the plan is at <see cref="TargetVersion"/>.</summary>
public sealed record ApprovalResolution(Guid ConfirmId, string Status, string? Reason, long TargetVersion = 0);

/// <summary>The approval workflow's reads and writes; each is safe to repeat.</summary>
public sealed class ApprovalActivities(
    EntityService entities, ApprovalPolicies policies, ConfirmDecisions decisions, PlanExecutions executions, ApprovalNotices notices, TimeProvider clock)
{
    public const string StartPlan = "ConfirmApproval_StartPlan";
    public const string Evaluate = "ConfirmApproval_Evaluate";
    public const string Resolve = "ConfirmApproval_Resolve";
    public const string Escalate = "ConfirmApproval_Escalate";

    private static readonly Actor Workflow = Actor.System("approval-workflow");
    private static ModuleDefinition Confirms => ConfirmModule.Definition;

    [Function(Evaluate)]
    public async Task<ApprovalState> EvaluateAsync([ActivityTrigger] ApprovalCheck check, CancellationToken cancellationToken)
    {
        var stored = await entities.GetAsync(Confirms, check.ConfirmId, Workflow, cancellationToken);
        var confirm = stored.Document;
        var policy = await policies.GetAsync(check.ConfirmId, cancellationToken)
            ?? new ApprovalPolicy(1, [], null, "reject", []);
        var pending = confirm["status"]!.GetValue<string>() == "pending";
        var plan = policy.ExecutePlan && confirm["target_type"]!.GetValue<string>() == PlanModule.Definition.Name
            ? Guid.Parse(confirm["target_id"]!.GetValue<string>())
            : (Guid?)null;
        var counted = pending ? await decisions.CountedAsync(stored, Workflow, cancellationToken) : null;
        return new ApprovalState(
            counted is null ? null : policy.Resolve(counted.Decisions, check.Since, check.Escalated),
            pending,
            policy.Timeout,
            policy.OnTimeout,
            plan,
            counted?.TargetVersion ?? 0);
    }

    /// <summary>
    /// Starts the approved plan's execution with the Mplp:Execution defaults, as the execute endpoint
    /// would. Run again, it finds the execution started and leaves it (the start answers false).
    /// </summary>
    [Function(StartPlan)]
    public async Task StartPlanAsync([ActivityTrigger] Guid planId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => await executions.StartAsync(client, executions.InputOf(planId), Workflow, cancellationToken);

    /// <summary>False: the plan target changed since the counted decisions, and the round restarts.</summary>
    [Function(Resolve)]
    public Task<bool> ResolveAsync([ActivityTrigger] ApprovalResolution resolution, CancellationToken cancellationToken)
        => decisions.ResolveAsync(resolution.ConfirmId, resolution.Status, resolution.TargetVersion, Workflow, cancellationToken);

    /// <summary>Logs <c>confirm.escalated</c> in the confirm's context trace: the escalation roles may now decide (<see cref="ApprovalNotices"/>).</summary>
    [Function(Escalate)]
    public Task EscalateAsync([ActivityTrigger] Guid confirmId, CancellationToken cancellationToken)
        => notices.AnnounceAsync(confirmId, ApprovalNotices.Escalated, clock.GetUtcNow(), cancellationToken);
}
