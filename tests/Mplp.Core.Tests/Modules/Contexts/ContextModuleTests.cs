using Mplp.Core.Modules.Contexts;

namespace Mplp.Core.Tests.Modules.Contexts;

public sealed class ContextModuleTests
{
    [Theory(Timeout = 5_000)]
    [InlineData("draft", "active")]
    [InlineData("active", "suspended")]
    [InlineData("suspended", "active")]
    [InlineData("suspended", "archived")]
    [InlineData("active", "closed")]
    [InlineData("draft", "draft")]
    public async Task Lifecycle_LegalMove_IsAllowed(string from, string to)
    {
        await Task.Yield();
        Assert.True(ContextModule.Lifecycle.CanMove(from, to));
    }

    [Theory(Timeout = 5_000)]
    [InlineData("draft", "suspended")]
    [InlineData("draft", "archived")]
    [InlineData("archived", "active")]
    [InlineData("closed", "draft")]
    [InlineData("active", "draft")]
    public async Task Lifecycle_IllegalMove_IsRefused(string from, string to)
    {
        await Task.Yield();
        Assert.False(ContextModule.Lifecycle.CanMove(from, to));
    }

    [Fact(Timeout = 5_000)]
    public async Task Lifecycle_ArchivedAndClosed_AreFinal()
    {
        await Task.Yield();
        Assert.Equal(["archived", "closed"], ContextModule.Lifecycle.Statuses.Where(ContextModule.Lifecycle.IsFinal).Order());
    }
}
