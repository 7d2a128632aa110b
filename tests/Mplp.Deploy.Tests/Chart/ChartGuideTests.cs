using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>
/// The deployment guide's values files, exactly as the guide prints them, install the chart: each alone
/// and all four layered lint strictly and render. What each key does is asserted by the ChartGuide*Tests.
/// </summary>
public class ChartGuideTests
{
    [Theory]
    [MemberData(nameof(GuideValueSets), MemberType = typeof(ChartRender))]
    public async Task Lint_GuideValues_PassesStrict(string valueFiles)
    {
        var result = await Helm.RunAsync(["lint", Repository.Chart, "--strict", .. ValueArguments(valueFiles)]);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Theory]
    [MemberData(nameof(GuideValueSets), MemberType = typeof(ChartRender))]
    public async Task Template_GuideValues_RendersEveryModule(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles);

        foreach (var module in new[] { "context", "plan", "role", "confirm", "trace", "extension", "dialog", "collab", "core", "network" })
        {
            manifests.Single("Deployment", $"{Release}-{module}");
            manifests.Single("Service", $"{Release}-{module}");
        }
    }
}
