using System.Text.Json.Nodes;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Modules.Confirms;

/// <summary>What a confirm points at, as read for a decision.</summary>
public sealed record ConfirmTarget(ModuleDefinition Module, StoredDocument Stored, Guid? ContextId)
{
    public JsonObject Document => Stored.Document;

    public string? Status => Document["status"]?.GetValue<string>();

    /// <summary>The version a decision is bound to: a plan's (its content may change), 0 for other targets.</summary>
    public long VersionBound => Module == PlanModule.Definition ? Stored.Version : 0;
}

/// <summary>Who may decide: the checks made before a decision is recorded.</summary>
public sealed partial class ConfirmDecisions
{
    /// <summary>
    /// The target of <paramref name="confirm"/> (the confirm's context is the target's). An action
    /// outside MPLP has no object: the confirm stands in for it (<see cref="OtherTargets"/>).
    /// </summary>
    public async Task<ConfirmTarget> TargetAsync(JsonObject confirm, Actor actor, CancellationToken cancellationToken)
    {
        if (OtherTargets.Is(confirm))
        {
            var self = await entities.GetAsync(Confirms, Guid.Parse(confirm["confirm_id"]!.GetValue<string>()), actor, cancellationToken);
            return new ConfirmTarget(Confirms, self, OtherTargets.ContextIdOf(confirm));
        }

        var module = MplpModules.ByName(confirm["target_type"]!.GetValue<string>());
        var stored = await entities.GetAsync(module, Guid.Parse(confirm["target_id"]!.GetValue<string>()), actor, cancellationToken);
        return new ConfirmTarget(module, stored, module.ContextIdOf(stored.Document));
    }

    /// <summary>
    /// Four eyes: whoever created the confirm or wrote its target may not approve it (403
    /// <c>SELF_APPROVAL_FORBIDDEN</c>), an administrator included, unless the policy allows it.
    /// </summary>
    private static void RequireFourEyes(Actor actor, JsonObject confirm, JsonObject target, ApprovalPolicy? policy)
    {
        if (policy is { AllowSelfApproval: true })
        {
            return;
        }

        if (PlanApprovals.AuthorOf(confirm) == actor.Principal || PlanApprovals.AuthorOf(target) == actor.Principal)
        {
            throw Problems.SelfApprovalForbidden($"'{actor.Principal}' created this confirm or its target; someone else approves it (or a policy with allow_self_approval).");
        }
    }

    /// <summary>A policy that allows self-approval is set by someone who is neither the confirm's creator nor its target's author.</summary>
    public async Task RequireMayWaiveFourEyesAsync(StoredDocument confirm, Actor actor, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(confirm.Document, actor, cancellationToken);
        if (PlanApprovals.AuthorOf(confirm.Document) == actor.Principal || PlanApprovals.AuthorOf(target.Document) == actor.Principal)
        {
            throw Problems.SelfApprovalForbidden($"'{actor.Principal}' created this confirm or its target, so cannot allow its own approval; someone else sets allow_self_approval.");
        }
    }

    /// <summary>Only a pending confirm takes decisions; checked (with If-Match) before anything is written.</summary>
    private static void RequirePending(StoredDocument confirm, IfMatch ifMatch)
    {
        if (!ifMatch.Matches(confirm.Version))
        {
            throw Problems.PreconditionFailed($"The confirm is at ETag {IfMatch.ETagOf(confirm.Version)}; If-Match did not match.");
        }

        var status = confirm.Document["status"]!.GetValue<string>();
        if (status == "pending")
        {
            return;
        }

        throw ConfirmModule.Lifecycle.IsFinal(status)
            ? Problems.ReadOnly("The confirm is read-only", $"A confirm in status '{status}' cannot be changed.")
            : Problems.InvalidTransition(Confirms.Name, status, "pending");
    }

    /// <summary>
    /// A decision in the name of a role comes from a holder of that role (by name, which names one
    /// role) everywhere or in the confirm's context, or from a principal holding every capability
    /// (<c>*</c>, an administrator) there, who may decide in any name.
    /// </summary>
    private async Task RequireRoleHeldAsync(Actor actor, string? role, Guid? contextId, CancellationToken cancellationToken)
    {
        if (role is null)
        {
            return;
        }

        var held = await grants.OfAsync(actor.Principal, cancellationToken);
        if (!held.All.Any(g => (g.ContextId is null || g.ContextId == contextId)
            && (string.Equals(g.RoleName, role, StringComparison.OrdinalIgnoreCase) || g.Capabilities.Contains(Capabilities.Everything))))
        {
            throw Problems.RoleNotHeld($"'{actor.Principal}' does not hold the role '{role}' in the confirm's context.");
        }
    }

    /// <summary>
    /// For a plan target, the plan an approval will approve (as read); checked before the decision is
    /// written, so an approval is refused rather than recorded for a plan that cannot be approved.
    /// </summary>
    private static StoredDocument? ApprovablePlan(ConfirmTarget target)
    {
        if (target.Module != PlanModule.Definition)
        {
            return null;
        }

        return target.Status switch
        {
            "proposed" => target.Stored,
            "approved" => null,
            var other => throw Problems.TargetNotApprovable(other),
        };
    }
}
