using Mplp.Core.Modules.Contexts;

namespace Mplp.Core.Tests.Modules.Contexts;

public sealed class ContextModuleTests
{
    [Theory]
    [InlineData("draft", "active")]
    [InlineData("active", "suspended")]
    [InlineData("suspended", "active")]
    [InlineData("suspended", "archived")]
    [InlineData("active", "closed")]
    [InlineData("draft", "draft")]
    public void Lifecycle_LegalMove_IsAllowed(string from, string to)
    {
        Assert.True(ContextModule.Lifecycle.CanMove(from, to));
    }

    [Theory]
    [InlineData("draft", "suspended")]
    [InlineData("draft", "archived")]
    [InlineData("archived", "active")]
    [InlineData("closed", "draft")]
    [InlineData("active", "draft")]
    public void Lifecycle_IllegalMove_IsRefused(string from, string to)
    {
        Assert.False(ContextModule.Lifecycle.CanMove(from, to));
    }

    [Fact]
    public void Lifecycle_ArchivedAndClosed_AreFinal()
    {
        Assert.Equal(["archived", "closed"], ContextModule.Lifecycle.Statuses.Where(ContextModule.Lifecycle.IsFinal).Order());
    }
}
