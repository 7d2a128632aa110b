using System.Text.Json.Nodes;
using Mplp.Core.Modules.Dialogs;

namespace Mplp.Core.Tests.Modules.Dialogs;

public sealed class DialogModuleTests
{
    [Theory]
    [InlineData("active", "paused", true)]
    [InlineData("paused", "active", true)]
    [InlineData("paused", "cancelled", true)]
    [InlineData("completed", "active", false)]
    [InlineData("cancelled", "paused", false)]
    public void Lifecycle_Move_FollowsTheDialogStateMachine(string from, string to, bool expected)
        => Assert.Equal(expected, DialogModule.Lifecycle.CanMove(from, to));

    [Fact]
    public void PrepareNew_WithoutMessages_StartsAnEmptyConversation()
    {
        var dialog = new JsonObject { ["name"] = "d" };

        DialogModule.Definition.PrepareNew!(dialog, DateTimeOffset.UnixEpoch);

        Assert.Empty(dialog["messages"]!.AsArray());
    }

    [Fact]
    public void PrepareNew_WithMessages_KeepsThem()
    {
        var dialog = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["content"] = "hello" }) };

        DialogModule.Definition.PrepareNew!(dialog, DateTimeOffset.UnixEpoch);

        Assert.Single(dialog["messages"]!.AsArray());
    }
}
