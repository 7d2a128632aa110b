using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Configuration;

namespace Mplp.DevHost.Tests.Configuration;

public sealed class BindingExpressionsTests
{
    private static readonly IConfiguration Settings = new ConfigurationBuilder()
        .AddInMemoryCollection([new("QueueName", "work"), new("Nested:Name", "inner")])
        .Build();

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("%QueueName%", "work")]
    [InlineData("%QueueName%-poison", "work-poison")]
    [InlineData("a-%Nested__Name%-%QueueName%", "a-inner-work")]
    public void Resolve_AppSettingExpressions_AreReplaced(string value, string expected)
    {
        Assert.Equal(expected, BindingExpressions.Resolve(value, Settings));
    }

    [Fact]
    public void Resolve_MissingSetting_ThrowsNamingIt()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => BindingExpressions.Resolve("%Missing%", Settings));

        Assert.Contains("'Missing'", refused.Message, StringComparison.Ordinal);
    }
}
