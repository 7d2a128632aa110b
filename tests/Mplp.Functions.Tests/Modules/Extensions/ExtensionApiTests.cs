using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Extensions;

public sealed class ExtensionApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Actions_RegisteredToDeprecated_FollowTheLifecycle()
    {
        var id = await NewExtensionAsync();

        var (activated, active) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{id}/activate");
        var (deactivated, inactive) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{id}/deactivate");
        var (deprecated, final) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{id}/deprecate");
        var (reactivated, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{id}/activate");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { activated.StatusCode, deactivated.StatusCode, deprecated.StatusCode });
        Assert.Equal(["active", "inactive", "deprecated"], new[] { active, inactive, final }.Select(e => e["status"]!.GetValue<string>()));
        ApiFixture.AssertValid("extension", final);
        Assert.Equal(HttpStatusCode.Conflict, reactivated.StatusCode);
        Assert.Equal("READ_ONLY_STATE", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_Config_IsMerged_StatusNeedsTheAction()
    {
        var id = await NewExtensionAsync();

        var (configured, extension) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/extensions/{id}", new { config = new { retries = 3 } });
        var (refused, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/extensions/{id}", new { status = "active" });

        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        Assert.Equal(3, extension["config"]!["retries"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("TRANSITION_REQUIRES_ACTION", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_MissingContext_Returns422()
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", Extension(Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("REFERENCE_NOT_FOUND", problem["code"]!.GetValue<string>());
    }

    // This class's host keeps Mplp:Webhooks:AllowPrivateNetworks off, as production does.
    [Theory(Timeout = 30_000)]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.0.0.7/hook")]
    [InlineData("http://93.184.216.34/hook")]
    public async Task Create_WebhookToRefusedTarget_Returns422AndCreatesNothing(string url)
    {
        var context = await api.NewContextAsync();

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", Webhook(context, new { url }));
        var (_, listed) = await api.SendAsync(HttpMethod.Get, $"/api/v1/extensions?context_id={context}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("WEBHOOK_TARGET_REFUSED", problem["code"]!.GetValue<string>());
        Assert.Equal("/config/webhook/url", problem["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Empty(listed["items"]!.AsArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_WebhookBadShape_Returns422_PublicHttpsTarget_Created()
    {
        var context = await api.NewContextAsync();

        var (unknownKey, unknownProblem) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", Webhook(context, new { url = "https://93.184.216.34/hook", secret = "mine" }));
        var (relative, relativeProblem) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", Webhook(context, new { url = "/hook" }));
        var (created, extension) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", Webhook(context, new { url = "https://93.184.216.34/hook", event_types = new[] { "plan.created" } }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownKey.StatusCode);
        Assert.Equal("/config/webhook/secret", unknownProblem["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, relative.StatusCode);
        Assert.Equal("/config/webhook/url", relativeProblem["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        ApiFixture.AssertValid("extension", extension);
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_WebhookToMetadataAddress_Returns422AndChangesNothing()
    {
        var context = await api.NewContextAsync();
        var (_, extension) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", Webhook(context, new { url = "https://93.184.216.34/hook" }));
        var id = extension["extension_id"]!.GetValue<string>();

        var (patched, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/extensions/{id}", new { config = new { webhook = new { url = "https://169.254.169.254/" } } });
        var (_, after) = await api.SendAsync(HttpMethod.Get, $"/api/v1/extensions/{id}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, patched.StatusCode);
        Assert.Equal("WEBHOOK_TARGET_REFUSED", problem["code"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(extension["config"], after["config"]), after.ToJsonString());
    }

    private async Task<string> NewExtensionAsync()
    {
        var (response, extension) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", Extension(await api.NewContextAsync()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("registered", extension["status"]!.GetValue<string>());
        return extension["extension_id"]!.GetValue<string>();
    }

    private static object Webhook(string context, object webhook)
        => new { context_id = context, name = "notify", extension_type = "integration", version = "1.0.0", config = new { webhook } };

    private static object Extension(string context) => new { context_id = context, name = "search", extension_type = "capability", version = "1.2.0" };
}
