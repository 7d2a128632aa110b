using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Configuration;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Core.Tests.Storage;
using Npgsql;

namespace Mplp.Core.Tests.Modules.Plans;

/// <summary>What was approved is what runs: the recorded content hash, checked before execution.</summary>
public sealed class PlanApprovalsTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    private static readonly Actor Admin = Actor.System("test");
    private readonly EntityService _entities = new(storage.Documents, storage.ContextEvents, MplpSchemas.Load(), TimeProvider.System, Options.Create(new LimitsOptions()));

    private PlanApprovals Approvals => new(_entities, new PrincipalGrants(storage.Database, Options.Create(new AuthOptions()), TimeProvider.System), storage.Database);

    [Fact(Timeout = 30_000)]
    public async Task RequireApprovedAsIs_ContentChangedBehindTheApiAfterApproval_Is409()
    {
        var plan = await ProposedPlanAsync();
        var approved = await Approvals.ApproveAsync(plan, Admin, CancellationToken.None);
        await Approvals.RequireApprovedAsIsAsync(approved, CancellationToken.None);

        await using (var command = storage.DataSource.CreateCommand("UPDATE plans SET doc = jsonb_set(doc, '{steps,0,description}', '\"something else\"') WHERE id = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = plan.Id });
            await command.ExecuteNonQueryAsync();
        }

        var tampered = await _entities.GetAsync(PlanModule.Definition, plan.Id, Admin, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => Approvals.RequireApprovedAsIsAsync(tampered, CancellationToken.None));
        Assert.Equal("APPROVAL_MISMATCH", refused.Problem.Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task RequireApprovedAsIs_ApprovedWithoutARecord_Is409()
    {
        var plan = await ProposedPlanAsync();
        // As a plan approved before approvals were recorded.
        var approved = await _entities.TransitionAsync(PlanModule.Definition, plan.Id, "approved", IfMatch.None, Admin, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => Approvals.RequireApprovedAsIsAsync(approved, CancellationToken.None));

        Assert.Equal("APPROVAL_MISMATCH", refused.Problem.Code);
    }

    [Fact]
    public void ContentHash_IgnoresKeyOrderStatusesAndStamps_NotTheSteps()
    {
        var plan = JsonNode.Parse("""{"title":"t","status":"approved","meta":{"updated_by":"a"},"steps":[{"step_id":"s","description":"d","status":"pending"}]}""")!.AsObject();
        var reordered = JsonNode.Parse("""{"steps":[{"status":"completed","description":"d","step_id":"s"}],"meta":{"updated_by":"b"},"status":"in_progress","title":"t"}""")!.AsObject();
        var changed = JsonNode.Parse("""{"title":"t","status":"approved","meta":{"updated_by":"a"},"steps":[{"step_id":"s","description":"rm -rf","status":"pending"}]}""")!.AsObject();

        Assert.Equal(PlanApprovals.ContentHash(plan), PlanApprovals.ContentHash(reordered));
        Assert.NotEqual(PlanApprovals.ContentHash(plan), PlanApprovals.ContentHash(changed));
    }

    private Task<StoredDocument> ProposedPlanAsync() => TestPlans.NewAsync(_entities, Admin, "proposed");
}
