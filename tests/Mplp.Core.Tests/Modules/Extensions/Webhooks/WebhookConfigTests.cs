using System.Text.Json.Nodes;
using Mplp.Core.Modules.Extensions.Webhooks;

namespace Mplp.Core.Tests.Modules.Extensions.Webhooks;

public sealed class WebhookConfigTests
{
    [Fact]
    public void Of_IntegrationWithWebhook_ReadsUrlAndFilters()
    {
        var config = WebhookConfig.Of(Extension("integration", """{"url":"https://hooks.example.com/mplp","event_types":["plan.created"],"event_families":[]}"""));

        Assert.NotNull(config);
        Assert.Equal(new Uri("https://hooks.example.com/mplp"), config.Url);
        Assert.Equal(["plan.created"], config.EventTypes);
        Assert.Empty(config.EventFamilies);
    }

    [Fact]
    public void Check_NoWebhook_NoRules()
    {
        Assert.Empty(WebhookConfig.Check(Extension("capability", null)));
        Assert.Null(WebhookConfig.Of(Extension("integration", null)));
    }

    [Theory]
    [InlineData("capability", """{"url":"https://a.example"}""", "/extension_type")]
    [InlineData("integration", """{"url":"https://a.example","secret":"mine"}""", "/config/webhook/secret")]
    [InlineData("integration", """{"event_types":[]}""", "/config/webhook/url")]
    [InlineData("integration", """{"url":"/relative/path"}""", "/config/webhook/url")]
    [InlineData("integration", """{"url":"ftp://a.example/x"}""", "/config/webhook/url")]
    [InlineData("integration", """{"url":"https://user:pw@a.example/x"}""", "/config/webhook/url")]
    [InlineData("integration", """{"url":42}""", "/config/webhook/url")]
    [InlineData("integration", """{"url":"https://a.example","event_types":"plan.created"}""", "/config/webhook/event_types")]
    [InlineData("integration", """{"url":"https://a.example","event_families":[1]}""", "/config/webhook/event_families")]
    [InlineData("integration", """["https://a.example"]""", "/config/webhook")]
    public void Check_BrokenWebhook_NamesThePath(string type, string webhook, string path)
    {
        var errors = WebhookConfig.Check(Extension(type, webhook));

        Assert.Contains(errors, e => e.Path == path);
        Assert.Null(WebhookConfig.Of(Extension(type, webhook)));
    }

    private static JsonObject Extension(string type, string? webhook)
    {
        var config = new JsonObject { ["other"] = 1 };
        if (webhook is not null)
        {
            config["webhook"] = JsonNode.Parse(webhook);
        }

        return new JsonObject { ["extension_type"] = type, ["config"] = config };
    }
}
