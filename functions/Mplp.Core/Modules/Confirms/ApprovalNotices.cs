using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Configuration;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Confirms;

/// <summary>
/// The event that asks people to act when an approval round starts (<see cref="Requested"/>) or
/// escalates (<see cref="Escalated"/>), in the confirm's context trace. Its data stands on its own, so
/// a relay can post it to a chat as is: what waits (the confirm, its target with its title), who may
/// decide, the quorum so far, the deadline, and the request that decides.
/// </summary>
public sealed class ApprovalNotices(EntityService entities, ApprovalPolicies policies, ConfirmDecisions decisions, ContextEvents contextEvents, IOptions<PublicUrlOptions> urls)
{
    public const string Requested = "confirm.approval.requested";
    public const string Escalated = "confirm.escalated";

    private static readonly Actor Workflow = Actor.System("approval-workflow");

    /// <param name="eventType"><see cref="Requested"/> or <see cref="Escalated"/> (then the escalation roles may decide too).</param>
    /// <param name="at">When the round started or escalated: its deadline is the policy's timeout later.</param>
    public async Task AnnounceAsync(Guid confirmId, string eventType, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var escalated = eventType == Escalated;
        var confirm = await entities.GetAsync(ConfirmModule.Definition, confirmId, Workflow, cancellationToken);
        var policy = await policies.GetAsync(confirmId, cancellationToken) ?? new ApprovalPolicy(1, [], null, "reject", []);
        var target = await decisions.TargetAsync(confirm.Document, Workflow, cancellationToken);
        var counted = await decisions.CountedAsync(confirm, Workflow, cancellationToken);
        var contextId = target.ContextId ?? throw new InvalidOperationException("A confirm's target lives in a context.");
        // The deciders of the current round are the decisions that count (CountedAsync): no time filter needed.
        var round = new ApprovalRound(policy, policy.Approvals(counted.Decisions, DateTimeOffset.MinValue, escalated), escalated, at + policy.Timeout);
        await contextEvents.AppendAsync(contextId, ConfirmModule.Definition.Name, eventType, Data(confirm.Document, target.Module, target.Document, round, urls.Value), cancellationToken);
    }

    /// <summary>The event's data for a pending <paramref name="confirm"/> on <paramref name="target"/>.</summary>
    public static JsonObject Data(JsonObject confirm, ModuleDefinition targetModule, JsonObject target, ApprovalRound round, PublicUrlOptions urls)
    {
        var confirmId = confirm["confirm_id"]!.GetValue<string>();
        // An action outside MPLP is named by the confirm itself (its target is the confirm: OtherTargets).
        var other = OtherTargets.Is(confirm);
        var targetType = other ? OtherTargets.TargetType : targetModule.Name;
        var targetId = other ? confirm["target_id"]!.GetValue<string>() : target[targetModule.IdField]!.GetValue<string>();
        var title = other ? OtherTargets.TitleOf(confirm) : (target["title"] ?? target["name"])?.ToString();
        var roles = round.Policy.DeciderRoles(round.Escalated);
        var path = $"/api/v1/confirms/{confirmId}/decisions";
        var url = urls.Absolute(path);
        var who = roles.Count == 0 ? "anyone with confirm:decide" : $"a holder of {string.Join(" or ", roles)}";
        var by = round.Deadline is { } deadline ? $" by {MplpTime.Format(deadline)}" : "";
        return new JsonObject
        {
            ["confirm_id"] = confirmId,
            ["status"] = "pending",
            ["summary"] = $"{(round.Escalated ? "Escalated: approval" : "Approval")} needed for {targetType} \"{title ?? targetId}\" ({targetId}): "
                + $"{round.Approvals} of {round.Policy.RequiredApprovals} approvals so far; {who} decides{by}. Decide: POST {url ?? path}",
            ["reason"] = confirm["reason"]?.DeepClone(),
            ["requested_by_role"] = confirm["requested_by_role"]?.DeepClone(),
            ["target"] = new JsonObject { ["type"] = targetType, ["id"] = targetId, ["title"] = title },
            ["decider_roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]),
            ["escalated"] = round.Escalated,
            ["quorum"] = new JsonObject { ["approvals"] = round.Approvals, ["required"] = round.Policy.RequiredApprovals },
            ["deadline"] = round.Deadline is { } at ? MplpTime.Format(at) : null,
            ["decide"] = new JsonObject { ["method"] = "POST", ["path"] = path, ["url"] = url },
            ["actor"] = Workflow.Principal,
        };
    }
}

/// <summary>Where a round stands: its policy, the approvals that count so far, whether it escalated, and when it times out.</summary>
public sealed record ApprovalRound(ApprovalPolicy Policy, int Approvals, bool Escalated, DateTimeOffset? Deadline);
