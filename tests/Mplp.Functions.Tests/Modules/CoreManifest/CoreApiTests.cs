using System.Net;

namespace Mplp.Functions.Tests.Modules.CoreManifest;

public sealed class CoreApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Get_Manifest_ListsTheTenModulesAndIsStable()
    {
        var (response, manifest) = await api.SendAsync(HttpMethod.Get, "/api/v1/core");
        var (_, again) = await api.SendAsync(HttpMethod.Get, "/api/v1/core");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ApiFixture.AssertValid("core", manifest);
        Assert.Equal("1.0.0", manifest["protocol_version"]!.GetValue<string>());
        Assert.Equal(10, manifest["modules"]!.AsArray().Count);
        Assert.Equal(manifest["core_id"]!.GetValue<string>(), again["core_id"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task DisableModule_ItsEndpointsAnswer503UntilEnabled()
    {
        var context = await api.NewContextAsync();
        var (disabled, manifest) = await api.SendAsync(HttpMethod.Patch, "/api/v1/core/modules/dialog", new { status = "disabled" });
        try
        {
            var (refused, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/dialogs", new { context_id = context });
            var (listRefused, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/dialogs");
            var (otherModule, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts");

            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
            Assert.Equal("disabled", manifest["modules"]!.AsArray().Single(m => m!["module_id"]!.GetValue<string>() == "dialog")!["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("MODULE_DISABLED", problem["code"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, listRefused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, otherModule.StatusCode);
        }
        finally
        {
            await api.SendAsync(HttpMethod.Patch, "/api/v1/core/modules/dialog", new { status = "enabled" });
        }

        var (accepted, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/dialogs", new { context_id = context });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("context", """{"status":"disabled"}""", HttpStatusCode.Conflict, "MODULE_REQUIRED")]
    [InlineData("billing", """{"status":"enabled"}""", HttpStatusCode.NotFound, "MODULE_NOT_FOUND")]
    [InlineData("plan", """{"status":"off"}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED")]
    public async Task SetModuleStatus_NotAllowed_IsRefused(string module, string body, HttpStatusCode expected, string code)
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/core/modules/{module}", body);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
    }
}
