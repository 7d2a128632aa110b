using System.Text.Json.Nodes;
using Mplp.Core.Modules.Confirms;

namespace Mplp.Core.Tests.Modules.Confirms;

public sealed class ConfirmImportTests
{
    [Theory]
    [InlineData("pending", 0, false)]
    [InlineData(null, 0, false)]
    [InlineData("pending", 1, true)]
    [InlineData("approved", 0, true)]
    [InlineData("rejected", 2, true)]
    public void Brings_DecisionsOrAResolvedStatus_IsAnImport(string? status, int decisions, bool expected)
    {
        var confirm = Confirm([.. Enumerable.Range(1, decisions).Select(Decision)]);
        if (status is not null)
        {
            confirm["status"] = status;
        }

        Assert.Equal(expected, ConfirmImport.Rule.Brings(confirm));
        Assert.Equal("confirm:import", ConfirmImport.Rule.Capability);
    }

    [Fact]
    public void Rule_StartStatuses_NeverIncludeAnythingButTheConfirmsOwnResolutions()
        => Assert.Equal(["approved", "cancelled", "rejected"], ConfirmImport.Rule.Statuses.Order());

    [Fact]
    public void Check_ARepeatedDecisionId_IsABrokenRule()
    {
        var errors = ConfirmModule.Definition.CheckRules!(Confirm([Decision(1), Decision(2), Decision(1)]));

        Assert.Equal(["/decisions/2/decision_id"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Check_DistinctDecisionIds_Pass()
        => Assert.Empty(ConfirmModule.Definition.CheckRules!(Confirm([Decision(1), Decision(2)])));

    [Fact]
    public void PrepareNew_KeepsTheDecisionsSent_AndGivesNoneToARequestWithout()
    {
        var imported = Confirm([Decision(1)]);
        var fresh = new JsonObject { ["target_type"] = "plan" };

        ConfirmModule.Definition.PrepareNew!(imported, DateTimeOffset.UnixEpoch);
        ConfirmModule.Definition.PrepareNew!(fresh, DateTimeOffset.UnixEpoch);

        Assert.Single(imported["decisions"]!.AsArray());
        Assert.Empty(fresh["decisions"]!.AsArray());
    }

    private static JsonObject Confirm(JsonObject[] decisions) => new()
    {
        ["target_type"] = "plan",
        ["decisions"] = new JsonArray([.. decisions]),
    };

    private static JsonObject Decision(int n) => new()
    {
        ["decision_id"] = $"00000000-0000-4000-8000-{n:D12}",
        ["status"] = "approved",
        ["decided_by_role"] = "approver",
        ["decided_at"] = "2025-01-28T15:30:00.000Z",
    };
}
