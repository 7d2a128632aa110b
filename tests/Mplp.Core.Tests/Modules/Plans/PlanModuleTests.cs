using System.Text.Json.Nodes;
using Mplp.Core.Modules.Plans;

namespace Mplp.Core.Tests.Modules.Plans;

public sealed class PlanModuleTests
{
    [Fact]
    public void Content_IsThePlanWithoutStatusesAndStamps()
    {
        var plan = JsonNode.Parse("""
            {"title":"t","status":"approved","meta":{"created_by":"a","updated_at":"1","tags":["x"]},
             "steps":[{"step_id":"s","description":"d","status":"completed"}]}
            """)!.AsObject();

        var content = PlanModule.Content(plan);

        Assert.Equal("""{"title":"t","meta":{"tags":["x"]},"steps":[{"step_id":"s","description":"d"}]}""", content.ToJsonString());
        Assert.Equal("approved", plan["status"]!.GetValue<string>());  // the plan itself is left alone
    }

    [Fact]
    public void PrepareNew_StepsWithoutAStatus_StartPending()
    {
        var plan = JsonNode.Parse("""{"steps":[{"step_id":"a"},{"step_id":"b","status":"completed"}]}""")!.AsObject();

        PlanModule.Definition.PrepareNew!(plan, DateTimeOffset.UnixEpoch);

        Assert.Equal(["pending", "completed"], plan["steps"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("proposed", "approved", true)]
    [InlineData("approved", "draft", true)]
    [InlineData("in_progress", "failed", true)]
    [InlineData("draft", "approved", false)]
    [InlineData("completed", "in_progress", false)]
    public void Lifecycle_Move_FollowsThePlanStateMachine(string from, string to, bool expected)
        => Assert.Equal(expected, PlanModule.Lifecycle.CanMove(from, to));

    [Fact]
    public void Lifecycle_ApprovalAndExecution_AreActionsNotPatches()
        => Assert.Equal(["approved", "completed", "failed", "in_progress"], PlanModule.Lifecycle.ActionOnly.Order());
}
