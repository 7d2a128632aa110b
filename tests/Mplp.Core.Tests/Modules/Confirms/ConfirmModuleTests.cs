using System.Text.Json.Nodes;
using Mplp.Core.Modules.Confirms;

namespace Mplp.Core.Tests.Modules.Confirms;

public sealed class ConfirmModuleTests
{
    [Theory]
    [InlineData("plan", true)]
    [InlineData("context", true)]
    [InlineData("extension", true)]
    public void CheckRules_TargetType_OnlyOnesThePlatformCanFind(string targetType, bool valid)
    {
        var errors = ConfirmModule.Definition.CheckRules!(new JsonObject { ["target_type"] = targetType });

        Assert.Equal(valid ? "" : "/target_type", string.Join(",", errors.Select(e => e.Path)));
    }

    [Fact]
    public void CheckRules_OtherWithoutContext_NamesWhereTheContextGoes()
    {
        var errors = ConfirmModule.Definition.CheckRules!(new JsonObject { ["target_type"] = "other" });

        Assert.Equal("/trace/context_id", string.Join(",", errors.Select(e => e.Path)));
    }

    [Fact]
    public void ContextIdOf_OtherNamingItsContext_IsThatContextAndOtherTargetsHaveNone()
    {
        var contextId = Guid.NewGuid();
        var other = OtherTargets.New(contextId, Guid.NewGuid(), new JsonObject { ["tool"] = "deploy" }, "agent", "ship it");
        var plan = new JsonObject { ["target_type"] = "plan", ["trace"] = other["trace"]!.DeepClone() };

        Assert.Empty(ConfirmModule.Definition.CheckRules!(other));
        Assert.Equal(contextId, ConfirmModule.Definition.ContextIdOf(other));
        Assert.Equal("deploy", OtherTargets.TitleOf(other));
        Assert.Null(ConfirmModule.Definition.ContextIdOf(plan));
    }

    [Theory]
    [InlineData("pending", "approved", true)]
    [InlineData("rejected", "pending", true)]
    [InlineData("approved", "pending", false)]
    [InlineData("cancelled", "pending", false)]
    public void Lifecycle_Move_FollowsTheConfirmStateMachine(string from, string to, bool expected)
        => Assert.Equal(expected, ConfirmModule.Lifecycle.CanMove(from, to));

    [Fact]
    public void Lifecycle_DecisionsAndResubmission_AreActionsNotPatches()
        => Assert.Equal(["approved", "pending", "rejected"], ConfirmModule.Lifecycle.ActionOnly.Order());
}
