using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Tests.Modules.Roles;

public sealed class CapabilitiesTests
{
    [Theory]
    [InlineData("*", "plan:approve", true)]
    [InlineData("plan:read", "plan:read", true)]
    [InlineData("plan:*", "plan:approve", true)]
    [InlineData("plan:read", "plan:write", false)]
    [InlineData("plan:*", "confirm:decide", false)]
    [InlineData("plan:*", "planner:read", false)]
    [InlineData("plan", "plan:read", false)]
    public void Covers_HeldCapabilityOrWildcard_CoversOnlyWhatItNames(string held, string wanted, bool expected)
        => Assert.Equal(expected, Capabilities.Covers(held, wanted));

    [Theory]
    [InlineData("*", true)]
    [InlineData("plan:read", true)]
    [InlineData("plan:approve", true)]
    [InlineData("network:heartbeat", true)]
    [InlineData("plan:*", true)]
    [InlineData("planner:*", false)]
    [InlineData("plan:fly", false)]
    [InlineData("plan", false)]
    [InlineData("", false)]
    public void IsGrantable_OnlyKnownCapabilitiesAndModuleWildcards(string held, bool expected)
        => Assert.Equal(expected, Capabilities.IsGrantable(held));

    [Fact]
    public void All_EveryProtocolModule_HasReadAndWrite()
        => Assert.All(CoreModule.ProtocolModules, module =>
        {
            Assert.Contains($"{module}:read", Capabilities.All);
            Assert.Contains($"{module}:write", Capabilities.All);
        });

    [Fact]
    public void ReadAndWrite_OfAModule_AreItsNamedVerbs()
        => Assert.Equal(("plan:read", "plan:write"), (Capabilities.Read(PlanModule.Definition), Capabilities.Write(PlanModule.Definition)));
}
