using Microsoft.Extensions.Options;
using Mplp.Core.Errors;
using Mplp.Core.Modules.CoreManifest;

namespace Mplp.Core.Tests.Modules.CoreManifest;

/// <summary>A module the deployment switched off, answered without reading anything (the manifest's switches are tested through the API).</summary>
public sealed class ModuleGateTests
{
    private static readonly IOptions<ModulesOptions> NetworkOff = Options.Create(new ModulesOptions { Disabled = ["network"] });

    [Fact]
    public void Disables_OnlyTheModulesTheDeploymentNames()
    {
        var deployment = new DeploymentModules(NetworkOff);

        Assert.True(deployment.Disables("network"));
        Assert.False(deployment.Disables("plan"));
    }

    [Fact]
    public async Task EnsureEnabledAsync_ModuleTheDeploymentDisabled_Is503WithoutReadingTheManifest()
    {
        // No manifest at all: reading it would fail differently.
        var gate = new ModuleGate(null!, new DeploymentModules(NetworkOff), NetworkOff, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ProblemException>(async () => await gate.EnsureEnabledAsync("network", CancellationToken.None));

        Assert.Equal((503, "MODULE_DISABLED"), (refused.Problem.Status, refused.Problem.Code));
        Assert.Contains("mplp.modules.network.enabled", refused.Problem.Detail, StringComparison.Ordinal);
    }
}
