using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The guide's global.environment/version, mplp.replicaCount, mplp.image and mplp.modules.</summary>
public class ChartGuideReleaseTests
{
    private const string Production = "guide/production-values.yaml";

    /// <summary>production-values.yaml's replicas per module.</summary>
    private static readonly Dictionary<string, long> GuideReplicas = new()
    {
        ["context"] = 2,
        ["plan"] = 2,
        ["role"] = 3,
        ["confirm"] = 2,
        ["trace"] = 2,
        ["extension"] = 1,
        ["dialog"] = 2,
        ["collab"] = 2,
        ["core"] = 3,
        ["network"] = 2,
    };

    [Fact]
    public async Task Template_GuideProduction_EveryObjectLabelledWithEnvironmentAndVersion()
    {
        var manifests = await TemplateAsync(Production, "mplp.agentPools[0].name=review", "mplp.agentPools[0].role=reviewer");

        Assert.All(manifests.All, o =>
        {
            var labels = o["metadata"]!["labels"]!;
            Assert.True((string?)labels["mplp.io/environment"] == "production", $"{Manifests.Describe(o)}: {labels.ToJsonString()}");
            Assert.Equal("1.0.0-alpha", (string?)labels["app.kubernetes.io/version"]);
        });
        var deployments = manifests.OfKind("Deployment").ToList();
        Assert.Equal(13, deployments.Count);  // ten modules, two workers, the agent pool
        foreach (var deployment in deployments)
        {
            Assert.Equal("production", (string?)PodLabelsOf(deployment)["mplp.io/environment"]);
            Assert.Equal("service.version=1.0.0-alpha,deployment.environment.name=production", EnvValue(MainContainerOf(deployment), "OTEL_RESOURCE_ATTRIBUTES"));
        }
    }

    [Fact]
    public async Task Template_Defaults_NoEnvironmentAndTheChartsAppVersion()
    {
        var manifests = await TemplateAsync();

        Assert.All(manifests.All, o => Assert.Null(o["metadata"]!["labels"]!["mplp.io/environment"]));
        Assert.All(manifests.All, o => Assert.Equal("1.0.0", (string?)o["metadata"]!["labels"]!["app.kubernetes.io/version"]));
        var core = MainContainerOf(manifests.Single("Deployment", $"{Release}-core"));
        Assert.Equal("service.version=1.0.0", EnvValue(core, "OTEL_RESOURCE_ATTRIBUTES"));
        Assert.Equal("mplp/mplp-functions:1.0.0", (string?)core["image"]);
    }

    [Fact]
    public async Task Template_GlobalVersion_IsTheImageTagUnlessTheImageNamesOne()
    {
        var versionOnly = await TemplateAsync("", "global.version=1.2.3");
        var both = await TemplateAsync(Production, "global.version=2.0.0");

        Assert.Equal("mplp/mplp-functions:1.2.3", (string?)MainContainerOf(versionOnly.Single("Deployment", $"{Release}-plan"))["image"]);
        Assert.Equal("mplp/core:1.0.0-alpha", (string?)MainContainerOf(both.Single("Deployment", $"{Release}-plan"))["image"]);
        Assert.Equal("2.0.0", (string?)both.Single("Deployment", $"{Release}-plan")["metadata"]!["labels"]!["app.kubernetes.io/version"]);
    }

    [Fact]
    public async Task Template_GuideProductionWithoutAutoscaling_ModulesRunTheGuidesReplicasAndImage()
    {
        var manifests = await TemplateAsync(Production, "autoscaling.enabled=false");

        foreach (var (module, replicas) in GuideReplicas)
        {
            var deployment = manifests.Single("Deployment", $"{Release}-{module}");
            Assert.Equal(replicas, (long)deployment["spec"]!["replicas"]!);
        }

        Assert.Empty(manifests.OfKind("HorizontalPodAutoscaler"));
        Assert.All(manifests.OfKind("Deployment"), d =>
        {
            Assert.Equal("mplp/core:1.0.0-alpha", (string?)MainContainerOf(d)["image"]);
            Assert.Equal("IfNotPresent", (string?)MainContainerOf(d)["imagePullPolicy"]);
        });
    }

    [Fact]
    public async Task Template_GuideProductionModuleWithoutReplicas_RunsReplicaCount()
    {
        var manifests = await TemplateAsync(Production, "autoscaling.enabled=false", "mplp.modules.plan.replicas=null");

        Assert.Equal(3, (long)manifests.Single("Deployment", $"{Release}-plan")["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Template_GuideProductionModuleDisabled_NothingOfItIsDeployedOrRouted()
    {
        var manifests = await TemplateAsync(Production, "mplp.modules.dialog.enabled=false");

        Assert.DoesNotContain(manifests.All, o => Manifests.NameOf(o) == $"{Release}-dialog");
        Assert.DoesNotContain(manifests.All, o => ComponentOf(o) == "module-dialog");
        var paths = manifests.Single("Ingress", Release)["spec"]!["rules"]![0]!["http"]!["paths"]!.AsArray().Select(p => (string)p!["path"]!);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/v1/dialog", StringComparison.Ordinal));
        manifests.Single("Deployment", $"{Release}-collab");
    }

    [Theory]
    [InlineData("global.environment=pre production", "environment")]
    [InlineData("global.version=1.0.0+build/7", "version")]
    [InlineData("mplp.image.pullPolicy=Sometimes", "pullPolicy")]
    public async Task Template_GuideReleaseKeyWithABadValue_IsRefused(string set, string named)
    {
        var error = await RefusedAsync(Production, set);

        Assert.Contains(named, error, StringComparison.Ordinal);
    }
}
