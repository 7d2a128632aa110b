using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The guide's autoscaling: an HPA per HTTP module Deployment, KEDA (not an HPA of ours) for the workers.</summary>
public class ChartGuideScalingTests
{
    [Fact]
    public async Task Template_GuideProduction_AnHpaPerModuleNoneForWorkers()
    {
        var manifests = await TemplateAsync("guide/production-values.yaml");

        var modules = manifests.OfKind("Deployment").Where(d => ComponentOf(d).StartsWith("module-", StringComparison.Ordinal)).ToList();
        var hpas = manifests.OfKind("HorizontalPodAutoscaler").ToList();
        Assert.Equal(modules.Select(Manifests.NameOf).Order(), hpas.Select(h => (string)h["spec"]!["scaleTargetRef"]!["name"]!).Order());
        Assert.Equal(10, hpas.Count);
        foreach (var hpa in hpas.Select(h => h["spec"]!))
        {
            Assert.Equal(3, (long)hpa["minReplicas"]!);
            Assert.Equal(20, (long)hpa["maxReplicas"]!);
            var targets = hpa["metrics"]!.AsArray().ToDictionary(m => (string)m!["resource"]!["name"]!, m => (long)m!["resource"]!["target"]!["averageUtilization"]!);
            Assert.Equal(new Dictionary<string, long> { ["cpu"] = 70, ["memory"] = 80 }, targets);
        }

        Assert.All(modules, m => Assert.Null(m["spec"]!["replicas"]));
        foreach (var worker in manifests.OfKind("Deployment").Where(d => ComponentOf(d).StartsWith("worker-", StringComparison.Ordinal)))
        {
            Assert.Null(worker["spec"]!["replicas"]);
            Assert.Equal(Manifests.NameOf(worker), (string?)manifests.Single("ScaledObject", Manifests.NameOf(worker))["spec"]!["scaleTargetRef"]!["name"]);
        }
    }

    [Fact]
    public async Task Template_GuideProductionAutoscalingOff_NoHpaAndFixedReplicas()
    {
        var manifests = await TemplateAsync("guide/production-values.yaml", "autoscaling.enabled=false");

        Assert.Empty(manifests.OfKind("HorizontalPodAutoscaler"));
        Assert.All(
            manifests.OfKind("Deployment").Where(d => ComponentOf(d).StartsWith("module-", StringComparison.Ordinal)),
            m => Assert.NotNull(m["spec"]!["replicas"]));
        Assert.Equal(2, manifests.OfKind("ScaledObject").Count());
    }

    [Fact]
    public async Task Template_AutoscalingMinAboveMax_IsRefused()
    {
        var error = await RefusedAsync("guide/production-values.yaml", "autoscaling.minReplicas=25");

        Assert.Contains("autoscaling.minReplicas (25) is above autoscaling.maxReplicas (20)", error, StringComparison.Ordinal);
    }
}
