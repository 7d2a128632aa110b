using System.Text.Json.Nodes;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Observability;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Confirms;

/// <summary>
/// Recording decisions on a confirm. Without an approval policy a decision resolves the confirm to
/// its own status (approved, rejected or cancelled). With one (<see cref="ApprovalPolicies"/>) the
/// decision is recorded, its role checked against the policy, and the approval workflow resolves
/// the confirm once the quorum is met. Approving a confirm whose target is a plan approves the plan.
/// </summary>
public sealed class ConfirmDecisions(EntityService entities, ApprovalPolicies policies, PrincipalGrants grants, TimeProvider clock, MplpMetrics metrics)
{
    private static readonly string[] DecisionStatuses = ["approved", "rejected", "cancelled"];

    /// <summary>Records a decision; <see cref="DecisionOutcome.Policy"/> is set when the approval workflow decides what it means.</summary>
    public async Task<DecisionOutcome> DecideAsync(Guid confirmId, JsonObject decision, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        var status = decision["status"] is JsonValue value && value.TryGetValue<string>(out var text) && DecisionStatuses.Contains(text)
            ? text
            : throw Problems.Validation("/status", $"must be one of {string.Join(", ", DecisionStatuses)}").AsException();
        var confirm = await entities.GetAsync(ConfirmModule.Definition, confirmId, actor, cancellationToken);
        var policy = await policies.GetAsync(confirmId, cancellationToken);
        var role = decision["decided_by_role"] is JsonValue r && r.TryGetValue<string>(out var named) ? named : null;
        await RequireRoleHeldAsync(actor, role, cancellationToken);
        if (policy is not null && !policy.Allows(role, escalated: false) && !policy.EscalationRoles.Contains(role ?? ""))
        {
            throw Problems.RulesViolated(ConfirmModule.Definition.Name, [new SchemaError("/decided_by_role", $"the policy lets only {string.Join(", ", policy.AllowedRoles.Concat(policy.EscalationRoles))} decide")]).AsException();
        }

        var resolvesNow = policy is null || status == "cancelled";
        var planId = resolvesNow && status == "approved" ? await ApprovablePlanAsync(confirm.Document, actor, cancellationToken) : null;
        var decided = await entities.ActAsync(ConfirmModule.Definition, confirmId, ["decisions", "status"], document =>
        {
            var recorded = decision.DeepClone().AsObject();
            recorded["decision_id"] = MplpIds.New().ToString();
            recorded["decided_at"] = MplpTime.Format(clock.GetUtcNow());
            document["decisions"]!.AsArray().Add(recorded);
            if (resolvesNow)
            {
                document["status"] = status;
            }
            else if (document["status"]!.GetValue<string>() != "pending")
            {
                throw Problems.InvalidTransition(ConfirmModule.Definition.Name, document["status"]!.GetValue<string>(), "pending").AsException();
            }
        }, ifMatch, actor, cancellationToken);

        if (planId is { } plan)
        {
            await entities.TransitionAsync(PlanModule.Definition, plan, "approved", IfMatch.None, actor, cancellationToken);
        }

        if (resolvesNow)
        {
            RecordResolution(confirm.Document, status);
        }

        return new DecisionOutcome(decided, resolvesNow ? null : policy);
    }

    /// <summary>
    /// A decision in the name of a role comes from a holder of that role (by the role's name), or from
    /// a principal holding every capability (<c>*</c>, an administrator), who may decide in any name.
    /// </summary>
    private async Task RequireRoleHeldAsync(Actor actor, string? role, CancellationToken cancellationToken)
    {
        if (role is null)
        {
            return;
        }

        var held = await grants.OfAsync(actor.Principal, cancellationToken);
        if (!held.All.Any(g => g.RoleName == role || g.Capabilities.Contains(Capabilities.Everything)))
        {
            throw new Problem(403, "ROLE_NOT_HELD", "Role not held", $"'{actor.Principal}' does not hold the role '{role}' it decides as.").AsException();
        }
    }

    /// <summary>The approval workflow's resolution: the confirm's status, and for an approved plan target the plan's.</summary>
    public async Task ResolveAsync(Guid confirmId, string status, Actor actor, CancellationToken cancellationToken)
    {
        var confirm = await entities.GetAsync(ConfirmModule.Definition, confirmId, actor, cancellationToken);
        if (confirm.Document["status"]!.GetValue<string>() != "pending")
        {
            return;  // resolved already (a repeated activity, or cancelled meanwhile)
        }

        Guid? planId = null;
        try
        {
            planId = status == "approved" ? await ApprovablePlanAsync(confirm.Document, actor, cancellationToken) : null;
        }
        catch (ProblemException e) when (e.Problem.Code == "TARGET_NOT_APPROVABLE")
        {
            // The plan moved on meanwhile (cancelled, say): the confirm still records its approval.
        }

        // The plan first: whoever sees the confirm approved finds its plan approved too. A retried
        // activity finds the plan approved already and only moves the confirm.
        if (planId is { } plan)
        {
            await entities.TransitionAsync(PlanModule.Definition, plan, "approved", IfMatch.None, actor, cancellationToken);
        }

        await entities.TransitionAsync(ConfirmModule.Definition, confirmId, status, IfMatch.None, actor, cancellationToken);
        RecordResolution(confirm.Document, status);
    }

    /// <summary>How long the confirm waited, from its <c>requested_at</c> (resubmissions included).</summary>
    private void RecordResolution(JsonObject confirm, string status)
    {
        if (confirm["requested_at"] is JsonValue value && DateTimeOffset.TryParse(value.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var requestedAt))
        {
            metrics.ApprovalResolved(clock.GetUtcNow() - requestedAt, status);
        }
    }

    /// <summary>
    /// For a plan target, the plan an approval will approve; checked before the decision is written,
    /// so an approval is refused rather than recorded for a plan that cannot be approved.
    /// </summary>
    private async Task<Guid?> ApprovablePlanAsync(JsonObject confirm, Actor actor, CancellationToken cancellationToken)
    {
        if (confirm["target_type"]!.GetValue<string>() != PlanModule.Definition.Name)
        {
            return null;
        }

        var planId = Guid.Parse(confirm["target_id"]!.GetValue<string>());
        var plan = await entities.GetAsync(PlanModule.Definition, planId, actor, cancellationToken);
        var planStatus = plan.Document["status"]!.GetValue<string>();
        return planStatus switch
        {
            "proposed" => planId,
            "approved" => null,
            _ => throw Problems.Conflict("TARGET_NOT_APPROVABLE", "The plan cannot be approved", $"The plan is '{planStatus}'; only a proposed plan can be approved.").AsException(),
        };
    }
}

/// <summary>The confirm after a decision, and the policy that will resolve it (null: the decision resolved it).</summary>
public sealed record DecisionOutcome(StoredDocument Confirm, ApprovalPolicy? Policy);
