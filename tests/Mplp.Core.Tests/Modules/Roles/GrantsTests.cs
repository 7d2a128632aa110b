using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Tests.Modules.Roles;

public sealed class GrantsTests
{
    private static readonly Guid Here = Guid.NewGuid();
    private static readonly Guid There = Guid.NewGuid();

    [Fact]
    public void ScopeOf_NoGrantCovers_IsNull()
        => Assert.Null(new Grants([Global("plan:read")]).ScopeOf("plan:write"));

    [Fact]
    public void ScopeOf_AGlobalGrantBesideContextOnes_IsEverywhere()
        => Assert.True(new Grants([In(Here, "plan:*"), Global("plan:write")]).ScopeOf("plan:write")!.IsEverywhere);

    [Fact]
    public void ScopeOf_OnlyContextGrants_AllowsOnlyTheirContexts()
    {
        var scope = new Grants([In(Here, "plan:read"), In(There, "*")]).ScopeOf("plan:read")!;

        Assert.False(scope.IsEverywhere);
        Assert.True(scope.Allows(Here) && scope.Allows(There));
        Assert.False(scope.Allows(Guid.NewGuid()));
        Assert.False(scope.Allows(null));
    }

    [Fact]
    public void Granting_InAContext_IsTheGlobalGrantsAndThatContextsOnes()
    {
        Grant global = Global("plan:read"), here = In(Here, "plan:*"), there = In(There, "plan:read");
        var grants = new Grants([global, here, there]);

        Assert.Equal([global, here], grants.Granting("plan:read", Here));
        Assert.Equal([global], grants.Granting("plan:read", null));
    }

    private static Grant Global(params string[] capabilities) => new(Guid.NewGuid(), "role", capabilities, null);

    private static Grant In(Guid contextId, params string[] capabilities) => new(Guid.NewGuid(), "role", capabilities, contextId);
}
