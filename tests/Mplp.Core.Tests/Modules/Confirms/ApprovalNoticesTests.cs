using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Configuration;
using Mplp.Core.Events;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Modules.Confirms;

public sealed class ApprovalNoticesTests
{
    private const string ConfirmId = "11111111-1111-4111-8111-111111111111";
    private const string PlanId = "22222222-2222-4222-8222-222222222222";
    private static readonly MplpSchemas Schemas = MplpSchemas.Load();
    private static readonly DateTimeOffset Deadline = new(2026, 12, 6, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Data_OfARound_NamesWhatWaitsWhoDecidesTheQuorumTheDeadlineAndTheLink()
    {
        var round = new ApprovalRound(new ApprovalPolicy(2, ["reviewer"], TimeSpan.FromHours(1), "escalate", ["lead"]), 1, false, Deadline);

        var data = ApprovalNotices.Data(Confirm(), PlanModule.Definition, Plan(), round, new PublicUrlOptions());

        Assert.Equal(ConfirmId, data["confirm_id"]!.GetValue<string>());
        Assert.Equal(("plan", PlanId, "Deploy v2"), (data["target"]!["type"]!.GetValue<string>(), data["target"]!["id"]!.GetValue<string>(), data["target"]!["title"]!.GetValue<string>()));
        Assert.Equal(["reviewer"], data["decider_roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal((1, 2), (data["quorum"]!["approvals"]!.GetValue<int>(), data["quorum"]!["required"]!.GetValue<int>()));
        Assert.Equal("2026-12-06T13:00:00.000Z", data["deadline"]!.GetValue<string>());
        Assert.Equal($"/api/v1/confirms/{ConfirmId}/decisions", data["decide"]!["path"]!.GetValue<string>());
        Assert.Null(data["decide"]!["url"]);
        Assert.Contains("Deploy v2", data["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Data_Escalated_TheEscalationRolesMayDecideToo()
    {
        var round = new ApprovalRound(new ApprovalPolicy(1, ["reviewer"], TimeSpan.FromHours(1), "escalate", ["lead"]), 0, true, Deadline);

        var data = ApprovalNotices.Data(Confirm(), PlanModule.Definition, Plan(), round, new PublicUrlOptions());

        Assert.Equal(["reviewer", "lead"], data["decider_roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.True(data["escalated"]!.GetValue<bool>());
        Assert.StartsWith("Escalated", data["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://mplp.example.com", "https://mplp.example.com/api/v1/confirms/")]
    [InlineData("https://example.com/mplp/", "https://example.com/mplp/api/v1/confirms/")]
    public void Data_WithAPublicBaseUrl_TheLinkIsAbsoluteUnderIt(string baseUrl, string expected)
    {
        var round = new ApprovalRound(new ApprovalPolicy(1, [], null, "reject", []), 0, false, null);

        var data = ApprovalNotices.Data(Confirm(), PlanModule.Definition, Plan(), round, new PublicUrlOptions { PublicBaseUrl = new Uri(baseUrl) });

        Assert.Equal($"{expected}{ConfirmId}/decisions", data["decide"]!["url"]!.GetValue<string>());
        Assert.Empty(data["decider_roles"]!.AsArray());
        Assert.Null(data["deadline"]);
    }

    [Fact]
    public void Data_InItsEvent_IsAValidMplpEvent()
    {
        var round = new ApprovalRound(new ApprovalPolicy(1, [], null, "reject", []), 0, false, null);
        var data = ApprovalNotices.Data(Confirm(), PlanModule.Definition, Plan(), round, new PublicUrlOptions());

        var logged = TraceEvents.Create("confirm", ApprovalNotices.Requested, Guid.NewGuid(), DateTimeOffset.UnixEpoch, data);

        Assert.Empty(Schemas.Validate("common/events.schema.json", JsonSerializer.SerializeToElement(logged.Event)));
    }

    private static JsonObject Confirm() => new() { ["confirm_id"] = ConfirmId, ["target_type"] = "plan", ["target_id"] = PlanId, ["requested_by_role"] = "planner", ["reason"] = "release" };

    private static JsonObject Plan() => new() { ["plan_id"] = PlanId, ["title"] = "Deploy v2" };
}
