using Mplp.Core.Modules.Extensions;

namespace Mplp.Core.Tests.Modules.Extensions;

public sealed class ExtensionModuleTests
{
    [Theory]
    [InlineData("registered", "active", true)]
    [InlineData("active", "inactive", true)]
    [InlineData("inactive", "deprecated", true)]
    [InlineData("registered", "inactive", false)]
    [InlineData("deprecated", "active", false)]
    public void Lifecycle_Move_FollowsTheExtensionStateMachine(string from, string to, bool expected)
        => Assert.Equal(expected, ExtensionModule.Lifecycle.CanMove(from, to));

    [Fact]
    public void Lifecycle_AnExtensionStartsRegistered_AndOnlyActionsChangeItsStatus()
    {
        Assert.Equal(["registered"], ExtensionModule.Lifecycle.Initial);
        Assert.Equal(["active", "deprecated", "inactive"], ExtensionModule.Lifecycle.ActionOnly.Order());
    }
}
