using System.Globalization;
using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Confirms;

/// <summary>
/// How a confirm is decided: <see cref="RequiredApprovals"/> approvals by <see cref="AllowedRoles"/>
/// (empty: any role) approve it, one rejection by an allowed role rejects it. After
/// <see cref="Timeout"/> without a resolution: <c>escalate</c> (the <see cref="EscalationRoles"/> may
/// decide too, for another <see cref="Timeout"/>, after which it expires as rejected), <c>reject</c>
/// or <c>cancel</c>. With <see cref="ExecutePlan"/>, approving a plan target also starts its execution.
/// With <see cref="AllowSelfApproval"/>, the confirm's creator and its target's author may approve too.
/// </summary>
public sealed record ApprovalPolicy(int RequiredApprovals, IReadOnlyList<string> AllowedRoles, TimeSpan? Timeout, string OnTimeout, IReadOnlyList<string> EscalationRoles, bool ExecutePlan = false, bool AllowSelfApproval = false)
{
    public static readonly IReadOnlyList<string> TimeoutActions = ["escalate", "reject", "cancel"];

    /// <summary>Body <c>{"required_approvals","allowed_roles","timeout_seconds","on_timeout","escalation_roles","execute_plan","allow_self_approval"}</c>; 400 with paths.</summary>
    public static ApprovalPolicy Parse(JsonObject body)
    {
        var fields = new PlatformBody(body, "required_approvals", "allowed_roles", "timeout_seconds", "on_timeout", "escalation_roles", "execute_plan", "allow_self_approval");
        var required = fields.Integer("required_approvals", 1, 100) ?? 1;
        var allowed = fields.Texts("allowed_roles") ?? [];
        var timeout = fields.Integer("timeout_seconds", 1, 30 * 24 * 3600);
        var onTimeout = fields.Text("on_timeout", required: false) ?? "reject";
        var escalation = fields.Texts("escalation_roles") ?? [];
        var executePlan = fields.Flag("execute_plan") ?? false;
        var allowSelfApproval = fields.Flag("allow_self_approval") ?? false;
        if (!TimeoutActions.Contains(onTimeout))
        {
            fields.Reject("on_timeout", $"must be one of {string.Join(", ", TimeoutActions)}");
        }
        else if (onTimeout == "escalate" && escalation.Count == 0)
        {
            fields.Reject("escalation_roles", "must name the roles to escalate to");
        }

        fields.ThrowIfInvalid();
        return new ApprovalPolicy(required, allowed, timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null, onTimeout, escalation, executePlan, allowSelfApproval);
    }

    public JsonObject ToJson() => new()
    {
        ["required_approvals"] = RequiredApprovals,
        ["allowed_roles"] = new JsonArray([.. AllowedRoles.Select(r => (JsonNode)r)]),
        ["timeout_seconds"] = Timeout is { } timeout ? (int)timeout.TotalSeconds : null,
        ["on_timeout"] = OnTimeout,
        ["escalation_roles"] = new JsonArray([.. EscalationRoles.Select(r => (JsonNode)r)]),
        ["execute_plan"] = ExecutePlan,
        ["allow_self_approval"] = AllowSelfApproval,
    };

    /// <summary>Whether a decision by <paramref name="role"/> counts (after escalation the escalation roles count too).</summary>
    public bool Allows(string? role, bool escalated)
        => AllowedRoles.Count == 0 || (role is not null && (AllowedRoles.Contains(role) || (escalated && EscalationRoles.Contains(role))));

    /// <summary>The resolution the decisions made since <paramref name="since"/> reach: approved, rejected, or null (pending).</summary>
    public string? Resolve(JsonArray decisions, DateTimeOffset since, bool escalated)
    {
        var counted = Counted(decisions, since, escalated);
        return counted.Contains("rejected") ? "rejected"
            : counted.Count(s => s == "approved") >= RequiredApprovals ? "approved"
            : null;
    }

    /// <summary>How many of the decisions made since <paramref name="since"/> are approvals that count.</summary>
    public int Approvals(JsonArray decisions, DateTimeOffset since, bool escalated)
        => Counted(decisions, since, escalated).Count(s => s == "approved");

    /// <summary>The roles whose decisions count (empty: any role).</summary>
    public IReadOnlyList<string> DeciderRoles(bool escalated)
        => AllowedRoles.Count == 0 ? [] : [.. AllowedRoles.Concat(escalated ? EscalationRoles : []).Distinct()];

    private List<string> Counted(JsonArray decisions, DateTimeOffset since, bool escalated)
        => [.. decisions.OfType<JsonObject>()
            .Where(d => DateTimeOffset.Parse(d["decided_at"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= since)
            .Where(d => Allows(d["decided_by_role"]?.GetValue<string>(), escalated))
            .Select(d => d["status"]!.GetValue<string>())];
}
