using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Access;
using Mplp.Core.Events;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Confirms;

namespace Mplp.Orchestrations.Approvals;

public sealed record ApprovalCheck(Guid ConfirmId, DateTimeOffset Since, bool Escalated);

public sealed record ApprovalResolution(Guid ConfirmId, string Status, string? Reason);

/// <summary>The approval workflow's reads and writes; each is safe to repeat.</summary>
public sealed class ApprovalActivities(EntityService entities, ApprovalPolicies policies, ConfirmDecisions decisions, TraceEventWriter events, TimeProvider clock)
{
    public const string Evaluate = "ConfirmApproval_Evaluate";
    public const string Resolve = "ConfirmApproval_Resolve";
    public const string Escalate = "ConfirmApproval_Escalate";

    private static readonly Actor Workflow = Actor.System("approval-workflow");
    private static ModuleDefinition Confirms => ConfirmModule.Definition;

    [Function(Evaluate)]
    public async Task<ApprovalState> EvaluateAsync([ActivityTrigger] ApprovalCheck check, CancellationToken cancellationToken)
    {
        var confirm = (await entities.GetAsync(Confirms, check.ConfirmId, Workflow, cancellationToken)).Document;
        var policy = await policies.GetAsync(check.ConfirmId, cancellationToken)
            ?? new ApprovalPolicy(1, [], null, "reject", []);
        var pending = confirm["status"]!.GetValue<string>() == "pending";
        return new ApprovalState(
            pending ? policy.Resolve(confirm["decisions"]!.AsArray(), check.Since, check.Escalated) : null,
            pending,
            policy.Timeout,
            policy.OnTimeout);
    }

    [Function(Resolve)]
    public Task ResolveAsync([ActivityTrigger] ApprovalResolution resolution, CancellationToken cancellationToken)
        => decisions.ResolveAsync(resolution.ConfirmId, resolution.Status, Workflow, cancellationToken);

    /// <summary>Logs <c>confirm.escalated</c> in the confirm's context trace: the escalation roles may now decide.</summary>
    [Function(Escalate)]
    public async Task EscalateAsync([ActivityTrigger] Guid confirmId, CancellationToken cancellationToken)
    {
        var confirm = (await entities.GetAsync(Confirms, confirmId, Workflow, cancellationToken)).Document;
        var policy = await policies.GetAsync(confirmId, cancellationToken);
        var target = MplpModules.ByName(confirm["target_type"]!.GetValue<string>());
        var targetObject = (await entities.GetAsync(target, Guid.Parse(confirm["target_id"]!.GetValue<string>()), Workflow, cancellationToken)).Document;
        var contextId = target.ContextIdOf(targetObject) ?? throw new InvalidOperationException("A confirm's target lives in a context.");
        var traceId = await entities.ContextTraceIdAsync(contextId, "/context_id", cancellationToken);
        await events.AppendAsync([TraceEvents.Create(Confirms.Name, "confirm.escalated", traceId, clock.GetUtcNow(), new JsonObject
        {
            ["confirm_id"] = confirmId.ToString(),
            ["escalation_roles"] = new JsonArray([.. (policy?.EscalationRoles ?? []).Select(r => (JsonNode)r)]),
            ["actor"] = Workflow.Principal,
        })], cancellationToken);
    }
}
