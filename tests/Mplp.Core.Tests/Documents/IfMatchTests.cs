using Mplp.Core.Documents;

namespace Mplp.Core.Tests.Documents;

public sealed class IfMatchTests
{
    [Theory(Timeout = 5_000)]
    [InlineData(null, 7, true)]
    [InlineData("*", 7, true)]
    [InlineData("\"7\"", 7, true)]
    [InlineData("\"6\", \"7\"", 7, true)]
    [InlineData("\"6\"", 7, false)]
    [InlineData("W/\"7\"", 7, false)]
    [InlineData("7", 7, false)]
    [InlineData("\"abc\"", 7, false)]
    public async Task Matches_Header_DecidesByStrongComparison(string? header, long version, bool expected)
    {
        await Task.Yield();
        Assert.Equal(expected, IfMatch.Parse(header).Matches(version));
    }

    [Fact(Timeout = 5_000)]
    public async Task IsPresent_NoHeader_IsFalse()
    {
        await Task.Yield();
        Assert.False(IfMatch.Parse(null).IsPresent);
        Assert.True(IfMatch.Parse("\"1\"").IsPresent);
    }
}
