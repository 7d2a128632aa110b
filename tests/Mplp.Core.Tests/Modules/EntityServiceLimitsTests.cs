using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Configuration;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Protocol;
using Mplp.Core.Tests.Modules.Plans;
using Mplp.Core.Tests.Storage;

namespace Mplp.Core.Tests.Modules;

/// <summary>
/// The size limit holds a client's content, not the platform's bookkeeping: a plan accepted just
/// under the limit can still change status and be run (step statuses written by the executor).
/// </summary>
public sealed class EntityServiceLimitsTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    private static readonly Actor Client = new("limits-client", ContextScope.Everywhere);
    private static readonly Actor Executor = Actor.System("plan-execution");

    [Fact(Timeout = 30_000)]
    public async Task Writes_ToAPlanAtTheSizeLimit_RefuseContentButNotStatuses()
    {
        var unlimited = Entities(int.MaxValue);
        var plan = await NewPlanAsync(unlimited);
        var stamped = await unlimited.PatchAsync(PlanModule.Definition, plan.Id, new JsonObject { ["title"] = "q" }, IfMatch.None, Client, CancellationToken.None);
        // From here on every write keeps the update stamps, so the plan is exactly at the limit.
        var entities = Entities(DocumentLimits.Serialize(stamped.Document).Length);

        var grown = await Assert.ThrowsAsync<ProblemException>(() => entities.PatchAsync(
            PlanModule.Definition, plan.Id, new JsonObject { ["title"] = "a title much longer than the one before" }, IfMatch.None, Client, CancellationToken.None));
        var proposed = await entities.TransitionAsync(PlanModule.Definition, plan.Id, "proposed", IfMatch.None, Client, CancellationToken.None);
        var running = await entities.ActAsync(PlanModule.Definition, plan.Id, ["steps"], document => document["steps"]![0]!["status"] = "in_progress", IfMatch.None, Executor, CancellationToken.None);

        Assert.Equal("DOCUMENT_TOO_LARGE", grown.Problem.Code);
        Assert.Equal("proposed", proposed.Document["status"]!.GetValue<string>());
        Assert.Equal("in_progress", running.Document["steps"]![0]!["status"]!.GetValue<string>());
    }

    private EntityService Entities(int maxDocumentBytes)
        => new(storage.Documents, storage.ContextEvents, MplpSchemas.Load(), TimeProvider.System, Options.Create(new LimitsOptions { MaxDocumentBytes = maxDocumentBytes }));

    private static Task<StoredDocument> NewPlanAsync(EntityService entities) => TestPlans.NewAsync(entities, Client, "draft");
}
