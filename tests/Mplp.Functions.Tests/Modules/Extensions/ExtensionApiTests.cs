using System.Net;

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

    private async Task<string> NewExtensionAsync()
    {
        var (response, extension) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", Extension(await api.NewContextAsync()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("registered", extension["status"]!.GetValue<string>());
        return extension["extension_id"]!.GetValue<string>();
    }

    private static object Extension(string context) => new { context_id = context, name = "search", extension_type = "capability", version = "1.2.0" };
}
