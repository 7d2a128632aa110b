using Mplp.Core.Documents;

namespace Mplp.Core.Tests.Documents;

public sealed class IfMatchTests
{
    [Theory]
    [InlineData(null, 7, true)]
    [InlineData("*", 7, true)]
    [InlineData("\"7\"", 7, true)]
    [InlineData("\"6\", \"7\"", 7, true)]
    [InlineData("\"6\"", 7, false)]
    [InlineData("W/\"7\"", 7, false)]
    [InlineData("7", 7, false)]
    [InlineData("\"abc\"", 7, false)]
    public void Matches_Header_DecidesByStrongComparison(string? header, long version, bool expected)
    {
        Assert.Equal(expected, IfMatch.Parse(header).Matches(version));
    }

    [Fact]
    public void IsPresent_NoHeader_IsFalse()
    {
        Assert.False(IfMatch.Parse(null).IsPresent);
        Assert.True(IfMatch.Parse("\"1\"").IsPresent);
    }
}
