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
/// Each decision's principal is recorded beside the confirm (<see cref="ConfirmDeciders"/>): one
/// decision per principal per round and target version, and a quorum counts principals.
/// </summary>
public sealed partial class ConfirmDecisions(
    EntityService entities, ApprovalPolicies policies, ConfirmDeciders deciders, PlanApprovals plans, PrincipalGrants grants, TimeProvider clock, MplpMetrics metrics)
{
    private static readonly string[] DecisionStatuses = ["approved", "rejected", "cancelled"];

    private static ModuleDefinition Confirms => ConfirmModule.Definition;

    /// <summary>Records a decision; <see cref="DecisionOutcome.Policy"/> is set when the approval workflow decides what it means.</summary>
    public async Task<DecisionOutcome> DecideAsync(Guid confirmId, JsonObject decision, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        var status = decision["status"] is JsonValue value && value.TryGetValue<string>(out var text) && DecisionStatuses.Contains(text)
            ? text
            : throw Problems.Validation("/status", $"must be one of {string.Join(", ", DecisionStatuses)}");
        var confirm = await entities.GetAsync(Confirms, confirmId, actor, cancellationToken);
        RequirePending(confirm, ifMatch);
        var policy = await policies.GetAsync(confirmId, cancellationToken);
        var target = await TargetAsync(confirm.Document, actor, cancellationToken);
        var role = decision["decided_by_role"] is JsonValue r && r.TryGetValue<string>(out var named) ? named : null;
        await RequireRoleHeldAsync(actor, role, target.ContextId, cancellationToken);
        if (policy is not null && !policy.Allows(role, escalated: false) && !policy.EscalationRoles.Contains(role ?? ""))
        {
            throw Problems.RulesViolated(Confirms.Name, [new SchemaError("/decided_by_role", $"the policy lets only {string.Join(", ", policy.AllowedRoles.Concat(policy.EscalationRoles))} decide")]);
        }

        if (status == "approved")
        {
            RequireFourEyes(actor, confirm.Document, target.Document, policy);
        }

        var resolvesNow = policy is null || status == "cancelled";
        var plan = resolvesNow && status == "approved" ? ApprovablePlan(target) : null;
        var decisionId = MplpIds.New();
        if (!await deciders.RecordAsync(new Decider(decisionId, confirmId, target.VersionBound, actor.Principal), RecordedIds(confirm.Document), cancellationToken))
        {
            throw Problems.AlreadyDecided($"'{actor.Principal}' has decided on this confirm in this round already; a decision is not repeated.");
        }

        try
        {
            // The plan first, as it was when the decision was made: whoever sees the confirm approved
            // finds its plan approved too, and a plan that changed meanwhile is not approved (412).
            if (plan is not null)
            {
                await plans.ApproveAsync(plan, actor, cancellationToken);
            }

            var decided = await entities.ActAsync(Confirms, confirmId, ["decisions", "status"], document =>
            {
                var recorded = decision.DeepClone().AsObject();
                recorded["decision_id"] = decisionId.ToString();
                recorded["decided_at"] = MplpTime.Format(clock.GetUtcNow());
                document["decisions"]!.AsArray().Add(recorded);
                if (resolvesNow)
                {
                    document["status"] = status;
                }
                else if (document["status"]!.GetValue<string>() != "pending")
                {
                    throw Problems.InvalidTransition(Confirms.Name, document["status"]!.GetValue<string>(), "pending");
                }
            }, ifMatch, actor, cancellationToken);
            if (resolvesNow)
            {
                RecordResolution(confirm.Document, status);
            }

            return new DecisionOutcome(decided, resolvesNow ? null : policy);
        }
        catch (ProblemException)
        {
            await deciders.ForgetAsync(decisionId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The decisions that count in the confirm's current round: recorded with their principal (one
    /// each) and made on the target's current version; plus that version, which the approval binds to.
    /// </summary>
    public async Task<CountedDecisions> CountedAsync(StoredDocument confirm, Actor actor, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(confirm.Document, actor, cancellationToken);
        var counted = await deciders.CountedAsync(confirm.Id, target.VersionBound, cancellationToken);
        var decisions = confirm.Document["decisions"]!.AsArray().OfType<JsonObject>()
            .Where(d => Guid.TryParse(d["decision_id"]?.GetValue<string>(), out var id) && counted.Contains(id));
        return new CountedDecisions(new JsonArray([.. decisions.Select(d => (JsonNode)d.DeepClone())]), target.VersionBound);
    }

    /// <summary>
    /// The approval workflow's resolution: the confirm's status, and for an approved plan target the
    /// plan's, if the plan is still at <paramref name="targetVersion"/> (the version the counted
    /// decisions saw). False: the plan changed, the round restarts and nothing is resolved.
    /// </summary>
    public async Task<bool> ResolveAsync(Guid confirmId, string status, long targetVersion, Actor actor, CancellationToken cancellationToken)
    {
        var confirm = await entities.GetAsync(Confirms, confirmId, actor, cancellationToken);
        if (confirm.Document["status"]!.GetValue<string>() != "pending")
        {
            return true;  // resolved already (a repeated activity, or cancelled meanwhile)
        }

        if (status == "approved")
        {
            var target = await TargetAsync(confirm.Document, actor, cancellationToken);
            // The plan moved on meanwhile (cancelled, say): the confirm still records its approval.
            // A retried activity finds the plan approved already and only moves the confirm.
            var plan = target.Module == PlanModule.Definition && target.Status == "proposed" ? target.Stored : null;
            if (plan is not null && plan.Version != targetVersion)
            {
                return false;
            }

            // The plan first: whoever sees the confirm approved finds its plan approved too.
            if (plan is not null)
            {
                try
                {
                    await plans.ApproveAsync(plan, actor, cancellationToken);
                }
                catch (ProblemException e) when (e.Problem.Status == 412)
                {
                    return false;
                }
            }
        }

        await entities.TransitionAsync(Confirms, confirmId, status, IfMatch.None, actor, cancellationToken);
        RecordResolution(confirm.Document, status);
        return true;
    }

    /// <summary>Puts a rejected confirm back to pending: a new round, in which everyone may decide again.</summary>
    public async Task<StoredDocument> ResubmitAsync(Guid confirmId, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        var pending = await entities.TransitionAsync(Confirms, confirmId, "pending", ifMatch, actor, cancellationToken);
        await deciders.NextRoundAsync(confirmId, cancellationToken);
        return pending;
    }

    /// <summary>How long the confirm waited, from its <c>requested_at</c> (resubmissions included).</summary>
    private void RecordResolution(JsonObject confirm, string status)
    {
        if (confirm["requested_at"] is JsonValue value && DateTimeOffset.TryParse(value.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var requestedAt))
        {
            metrics.ApprovalResolved(clock.GetUtcNow() - requestedAt, status);
        }
    }

    private static IReadOnlyCollection<Guid> RecordedIds(JsonObject confirm)
        => [.. confirm["decisions"]!.AsArray().Select(d => Guid.TryParse(d?["decision_id"]?.GetValue<string>(), out var id) ? id : Guid.Empty)];
}

/// <summary>The confirm after a decision, and the policy that will resolve it (null: the decision resolved it).</summary>
public sealed record DecisionOutcome(StoredDocument Confirm, ApprovalPolicy? Policy);

/// <summary>The decisions that count now, and the target version they were made on (0: a target other than a plan).</summary>
public sealed record CountedDecisions(JsonArray Decisions, long TargetVersion);
