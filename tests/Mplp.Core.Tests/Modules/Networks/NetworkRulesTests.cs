using System.Text.Json.Nodes;
using Mplp.Core.Modules.Networks;

namespace Mplp.Core.Tests.Modules.Networks;

public sealed class NetworkRulesTests
{
    [Fact]
    public void Check_NoNodes_HasNoErrors()
        => Assert.Empty(NetworkRules.Check(new JsonObject { ["name"] = "empty" }));

    [Fact]
    public void Check_DistinctNodes_HasNoErrors()
        => Assert.Empty(NetworkRules.Check(Network("a", "b")));

    [Fact]
    public void Check_RepeatedNode_NamesEachRepeat()
        => Assert.Equal(["/nodes/1/node_id", "/nodes/3/node_id"], NetworkRules.Check(Network("a", "a", "b", "b")).Select(e => e.Path));

    [Theory]
    [InlineData("draft", "active", true)]
    [InlineData("provisioning", "degraded", true)]
    [InlineData("maintenance", "retired", true)]
    [InlineData("draft", "maintenance", false)]
    [InlineData("retired", "active", false)]
    public void Lifecycle_Move_FollowsTheNetworkStateMachine(string from, string to, bool expected)
        => Assert.Equal(expected, NetworkModule.Lifecycle.CanMove(from, to));

    private static JsonObject Network(params string[] nodes)
        => new() { ["nodes"] = new JsonArray([.. nodes.Select(n => (JsonNode)new JsonObject { ["node_id"] = n })]) };
}
