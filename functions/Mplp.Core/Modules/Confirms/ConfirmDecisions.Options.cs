using Mplp.Core.Access;
using Mplp.Core.Modules.Plans;

namespace Mplp.Core.Modules.Confirms;

/// <summary>What the caller may decide, read with the same inputs a decision is checked against.</summary>
public sealed partial class ConfirmDecisions
{
    public async Task<DecisionOptions> OptionsAsync(Guid confirmId, Actor actor, CancellationToken cancellationToken)
    {
        var confirm = await entities.GetAsync(Confirms, confirmId, actor, cancellationToken);
        var target = await TargetAsync(confirm.Document, actor, cancellationToken);
        var policy = await policies.GetAsync(confirmId, cancellationToken);
        var held = await grants.OfAsync(actor.Principal, cancellationToken);
        var decided = await deciders.HasDecidedAsync(new Decider(Guid.Empty, confirmId, target.VersionBound, actor.Principal), RecordedIds(confirm.Document), cancellationToken);
        var isAuthor = PlanApprovals.AuthorOf(confirm.Document) == actor.Principal || PlanApprovals.AuthorOf(target.Document) == actor.Principal;
        return DecisionOptions.Of(new DecisionFacts(
            confirm.Document["status"]!.GetValue<string>(),
            policy,
            [.. held.All.Where(g => g.ContextId is null || g.ContextId == target.ContextId)],
            isAuthor,
            decided,
            target.Module == PlanModule.Definition ? target.Status : null));
    }
}
