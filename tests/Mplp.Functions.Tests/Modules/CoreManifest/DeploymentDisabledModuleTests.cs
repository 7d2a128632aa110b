using System.Net;

namespace Mplp.Functions.Tests.Modules.CoreManifest;

/// <summary>A module the deployment disables (Mplp:Modules:Disabled) answers as disabled, and no request turns it on.</summary>
[Collection(DeploymentFixture.Collection)]
public sealed class DeploymentDisabledModuleTests(DeploymentFixture api)
{
    [Fact(Timeout = 30_000)]
    public async Task Routes_ModuleDisabledByDeployment_Answer503ModuleDisabled()
    {
        var context = await api.NewContextAsync();

        var (created, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/dialogs", new { context_id = context });
        var (listed, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/dialogs");
        var (otherModule, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{context}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
        Assert.Equal("MODULE_DISABLED", problem["code"]!.GetValue<string>());
        Assert.Contains("disabled by this deployment", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherModule.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task ModuleHealth_ModuleDisabledByDeployment_Answers503Disabled()
    {
        var (disabled, report) = await api.SendAsync(HttpMethod.Get, $"/api/v1/{DeploymentFixture.DisabledModule}/health");
        var (enabled, other) = await api.SendAsync(HttpMethod.Get, "/api/v1/plan/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, disabled.StatusCode);
        Assert.Equal("disabled", report["status"]!.GetValue<string>());
        Assert.Equal(DeploymentFixture.DisabledModule, report["module"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal("healthy", other["status"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Manifest_ModuleDisabledByDeployment_ShowsItDisabled()
    {
        var (response, manifest) = await api.SendAsync(HttpMethod.Get, "/api/v1/core");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ApiFixture.AssertValid("core", manifest);
        var statuses = manifest["modules"]!.AsArray().ToDictionary(m => m!["module_id"]!.GetValue<string>(), m => m!["status"]!.GetValue<string>());
        Assert.Equal("disabled", statuses[DeploymentFixture.DisabledModule]);
        Assert.Equal("enabled", statuses["plan"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task SetModuleStatus_EnablingAModuleTheDeploymentDisables_IsRefused409()
    {
        var (refused, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/core/modules/{DeploymentFixture.DisabledModule}", new { status = "enabled" });
        var (switchedOff, _) = await api.SendAsync(HttpMethod.Patch, "/api/v1/core/modules/extension", new { status = "disabled" });
        var (switchedOn, manifest) = await api.SendAsync(HttpMethod.Patch, "/api/v1/core/modules/extension", new { status = "enabled" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("MODULE_DISABLED_BY_DEPLOYMENT", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, switchedOff.StatusCode);
        Assert.Equal(HttpStatusCode.OK, switchedOn.StatusCode);
        Assert.Equal("disabled", manifest["modules"]!.AsArray().Single(m => m!["module_id"]!.GetValue<string>() == DeploymentFixture.DisabledModule)!["status"]!.GetValue<string>());
    }
}
