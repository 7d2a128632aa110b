using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Configuration;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Protocol;
using Mplp.Core.Tests.Storage;

namespace Mplp.Core.Tests.Modules.Plans;

/// <summary>
/// Work on a plan starts (<c>in_progress</c>, set by the execution action) only while its context
/// is active. Tested on the entity service: the HTTP action arrives with plan execution.
/// </summary>
public sealed class PlanWorkStartTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    private static readonly Actor Admin = Actor.System("test");
    private readonly EntityService _entities = new(storage.Documents, storage.ContextEvents, MplpSchemas.Load(), TimeProvider.System, Options.Create(new LimitsOptions()));

    [Fact(Timeout = 30_000)]
    public async Task InProgress_InSuspendedContext_Is409_InActiveContext_Starts()
    {
        var plan = await TestPlans.NewAsync(_entities, Admin, "proposed");
        var contextId = Guid.Parse(plan.Document["context_id"]!.GetValue<string>());
        await _entities.TransitionAsync(PlanModule.Definition, plan.Id, "approved", IfMatch.None, Admin, CancellationToken.None);
        await _entities.PatchAsync(ContextModule.Definition, contextId, new JsonObject { ["status"] = "suspended" }, IfMatch.None, Admin, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ProblemException>(
            () => _entities.TransitionAsync(PlanModule.Definition, plan.Id, "in_progress", IfMatch.None, Admin, CancellationToken.None));
        await _entities.PatchAsync(ContextModule.Definition, contextId, new JsonObject { ["status"] = "active" }, IfMatch.None, Admin, CancellationToken.None);
        var started = await _entities.TransitionAsync(PlanModule.Definition, plan.Id, "in_progress", IfMatch.None, Admin, CancellationToken.None);

        Assert.Equal("CONTEXT_NOT_ACTIVE", refused.Problem.Code);
        Assert.Equal("in_progress", started.Document["status"]!.GetValue<string>());
    }
}
