using Mplp.Core.Modules.CoreManifest;

namespace Mplp.Core.Tests.Modules.CoreManifest;

public sealed class CoreModuleTests
{
    [Fact]
    public void NewManifest_ListsEveryProtocolModuleEnabled_ContextAndCoreRequired()
    {
        var modules = CoreModule.NewManifest()["modules"]!.AsArray();

        Assert.Equal(CoreModule.ProtocolModules, modules.Select(m => m!["module_id"]!.GetValue<string>()));
        Assert.All(modules, m => Assert.Equal("enabled", m!["status"]!.GetValue<string>()));
        Assert.Equal(["context", "core"], modules.Where(m => m!["required"]!.GetValue<bool>()).Select(m => m!["module_id"]!.GetValue<string>()));
    }

    [Fact]
    public void NewManifest_OwnsATrace()
        => Assert.NotNull(CoreModule.NewManifest()["trace"]);

    [Theory]
    [InlineData("active", "deprecated", true)]
    [InlineData("deprecated", "active", true)]
    [InlineData("active", "archived", false)]
    [InlineData("archived", "active", false)]
    public void Lifecycle_Move_FollowsTheManifestStateMachine(string from, string to, bool expected)
        => Assert.Equal(expected, CoreModule.Lifecycle.CanMove(from, to));
}
