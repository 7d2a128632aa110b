using System.Text.Json.Nodes;
using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Modules.Confirms;

/// <summary>What a decision on a confirm is checked against, as read for one principal.</summary>
/// <param name="ConfirmStatus">The confirm's status; only a pending one takes decisions.</param>
/// <param name="Policy">Its approval policy, if any.</param>
/// <param name="Grants">The principal's grants that hold in the confirm's context (global ones included).</param>
/// <param name="IsAuthor">Whether the principal created the confirm or its target (four eyes).</param>
/// <param name="HasDecided">Whether the principal has decided in this round, on the target's current version.</param>
/// <param name="PlanStatus">The target plan's status; null for other targets.</param>
public sealed record DecisionFacts(string ConfirmStatus, ApprovalPolicy? Policy, IReadOnlyList<Grant> Grants, bool IsAuthor, bool HasDecided, string? PlanStatus);

/// <summary>
/// What a principal may decide on a confirm now (<see cref="Statuses"/>), in the name of which roles
/// (<see cref="Roles"/>; empty: none needed), and why the rest is refused: the checks of
/// <see cref="ConfirmDecisions.DecideAsync"/>, made without deciding, so a console offers only the
/// decisions the API would accept. The API still checks every decision; this only reads.
/// </summary>
public sealed record DecisionOptions(IReadOnlyList<string> Statuses, IReadOnlyList<string> Roles, IReadOnlyList<string> Reasons)
{
    private static readonly string[] DecisionStatuses = ["approved", "rejected", "cancelled"];

    public static DecisionOptions Of(DecisionFacts facts)
    {
        var statuses = new List<string>(DecisionStatuses);
        var reasons = new List<string>();
        void Refuse(string reason)
        {
            statuses.Clear();
            reasons.Add(reason);
        }

        if (!facts.Grants.Any(g => g.Covers(Capabilities.ConfirmDecide)))
        {
            Refuse($"deciding takes {Capabilities.ConfirmDecide} in the confirm's context");
        }

        if (facts.ConfirmStatus != "pending")
        {
            Refuse($"the confirm is {facts.ConfirmStatus}, not pending");
        }

        if (facts.HasDecided)
        {
            Refuse("you have decided on this confirm in this round already");
        }

        var roles = RolesOf(facts);
        if (facts.Policy is { AllowedRoles.Count: > 0 } policy && roles.Count == 0)
        {
            Refuse($"the policy lets only {string.Join(", ", policy.AllowedRoles.Concat(policy.EscalationRoles).Distinct())} decide, and you hold none of these roles here");
        }

        if (statuses.Contains("approved") && facts.IsAuthor && facts.Policy is not { AllowSelfApproval: true })
        {
            statuses.Remove("approved");
            reasons.Add("you created this confirm or its target: someone else approves it");
        }
        else if (statuses.Contains("approved") && facts.Policy is null && facts.PlanStatus is { } plan && plan is not ("proposed" or "approved"))
        {
            // Without a policy the approval approves the plan at once, which only a proposed plan allows.
            statuses.Remove("approved");
            reasons.Add($"the plan is {plan}: it cannot be approved");
        }

        return new DecisionOptions(statuses, roles, reasons);
    }

    public JsonObject ToJson(Guid confirmId, string principal) => new()
    {
        ["confirm_id"] = confirmId.ToString(),
        ["principal"] = principal,
        ["statuses"] = new JsonArray([.. Statuses.Select(s => (JsonNode)s)]),
        ["roles"] = new JsonArray([.. Roles.Select(r => (JsonNode)r)]),
        ["reasons"] = new JsonArray([.. Reasons.Select(r => (JsonNode)r)]),
    };

    /// <summary>
    /// The roles a decision may name: with a policy that names roles, those of them the principal holds
    /// here (any of them for an administrator, who may decide in any name), spelt as the policy spells
    /// them; otherwise every role the principal holds here (naming none is allowed too).
    /// </summary>
    private static List<string> RolesOf(DecisionFacts facts)
    {
        var held = facts.Grants.Where(g => g.RoleId is not null).Select(g => g.RoleName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (facts.Policy is not { AllowedRoles.Count: > 0 } policy)
        {
            return held;
        }

        var named = policy.AllowedRoles.Concat(policy.EscalationRoles).Distinct(StringComparer.Ordinal).ToList();
        return facts.Grants.Any(g => g.Capabilities.Contains(Capabilities.Everything))
            ? named
            : [.. named.Where(r => held.Contains(r, StringComparer.OrdinalIgnoreCase))];
    }
}
