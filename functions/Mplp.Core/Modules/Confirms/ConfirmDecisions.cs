using System.Text.Json.Nodes;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Confirms;

/// <summary>
/// Recording decisions on a confirm. A decision resolves the
/// confirm to its own status (approved, rejected or cancelled); an approval of a plan approves the
/// plan. Quorum policies, timeouts and escalation come with the durable approval workflow.
/// </summary>
public sealed class ConfirmDecisions(EntityService entities, TimeProvider clock)
{
    private static readonly string[] DecisionStatuses = ["approved", "rejected", "cancelled"];

    public async Task<StoredDocument> DecideAsync(Guid confirmId, JsonObject decision, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        var status = decision["status"] is JsonValue value && value.TryGetValue<string>(out var text) && DecisionStatuses.Contains(text)
            ? text
            : throw Problems.Validation("/status", $"must be one of {string.Join(", ", DecisionStatuses)}").AsException();
        var confirm = await entities.GetAsync(ConfirmModule.Definition, confirmId, actor, cancellationToken);
        var planId = status == "approved" ? await ApprovablePlanAsync(confirm.Document, actor, cancellationToken) : null;

        var decided = await entities.ActAsync(ConfirmModule.Definition, confirmId, ["decisions", "status"], document =>
        {
            var recorded = decision.DeepClone().AsObject();
            recorded["decision_id"] = MplpIds.New().ToString();
            recorded["decided_at"] = MplpTime.Format(clock.GetUtcNow());
            document["decisions"]!.AsArray().Add(recorded);
            document["status"] = status;
        }, ifMatch, actor, cancellationToken);

        if (planId is { } plan)
        {
            await entities.TransitionAsync(PlanModule.Definition, plan, "approved", IfMatch.None, actor, cancellationToken);
        }

        return decided;
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
