using System.Text.Json.Nodes;
using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Tests.Modules.Roles;

public sealed class RoleModuleTests
{
    [Fact]
    public void CheckRules_KnownCapabilitiesAndWildcards_HaveNoErrors()
        => Assert.Empty(RoleModule.Definition.CheckRules!(Role("plan:read", "confirm:*", "*")));

    [Fact]
    public void CheckRules_NotACapability_NamesItsPosition()
        => Assert.Equal(["/capabilities/1", "/capabilities/2"], RoleModule.Definition.CheckRules!(Role("plan:read", "plan:fly", "admin")).Select(e => e.Path));

    [Fact]
    public void PrepareNew_ARoleOwnsATrace()
    {
        var role = Role("plan:read");

        RoleModule.Definition.PrepareNew!(role, DateTimeOffset.UnixEpoch);

        Assert.NotNull(role["trace"]?["trace_id"]);
    }

    private static JsonObject Role(params string[] capabilities)
        => new() { ["name"] = "r", ["capabilities"] = new JsonArray([.. capabilities.Select(c => (JsonNode)c)]) };
}
