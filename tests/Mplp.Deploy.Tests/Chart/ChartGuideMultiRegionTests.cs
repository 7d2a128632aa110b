using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>
/// The guide's multi-region-values.yaml: one release per region picks its entry by global.region (the
/// primary's when none is named), takes its replicas, and tells the Network module its region and peers.
/// </summary>
public class ChartGuideMultiRegionTests
{
    private const string Guide = "guide/multi-region-values.yaml";
    private static readonly string[] GuideRegions = ["us-east-1", "eu-west-1", "ap-southeast-1"];

    [Fact]
    public async Task Template_GuideFileAlone_IsThePrimaryRegionWithItsReplicas()
    {
        var manifests = await TemplateAsync(Guide);

        var modules = ModuleDeployments(manifests);
        Assert.Equal(10, modules.Count);
        Assert.All(modules, d => Assert.Equal(3, (long)d["spec"]!["replicas"]!));
        Assert.All(manifests.All, o => Assert.Equal("us-east-1", (string?)o["metadata"]!["labels"]?["mplp.io/region"]));
        var config = ConfigOf(manifests);
        Assert.Equal("us-east-1", (string?)config["Mplp__Network__Region"]);
        Assert.Equal(GuideRegions, RegionsOf(config).Select(r => r.Name));
        Assert.Equal(new[] { true, false, false }, RegionsOf(config).Select(r => r.Primary));
        Assert.Equal("true", (string?)config["Mplp__Network__CrossRegionReplication"]);
        Assert.Contains("Networks_MarkUnreachable", FunctionsOf(manifests.Single("Deployment", $"{Release}-network")));
    }

    [Fact]
    public async Task Template_GuideFileInEuWest1_TakesItsReplicasAndKnowsItsPeers()
    {
        var manifests = await TemplateAsync(Guide, "global.region=eu-west-1", "mplp.replicaCount=5", "mplp.modules.plan.replicas=7");

        // The region's replicas win over the release's own counts.
        Assert.All(ModuleDeployments(manifests), d => Assert.Equal(2, (long)d["spec"]!["replicas"]!));
        var config = ConfigOf(manifests);
        Assert.Equal("eu-west-1", (string?)config["Mplp__Network__Region"]);
        Assert.Equal(new (string, bool, string?)[] { ("us-east-1", true, "3"), ("eu-west-1", false, "2"), ("ap-southeast-1", false, "2") }, RegionsOf(config));
        // Regions share the primary's database: its timers run there only, once for all.
        Assert.DoesNotContain("Networks_MarkUnreachable", manifests.OfKind("Deployment").SelectMany(FunctionsOf));
    }

    [Fact]
    public async Task Template_GuideLayered_HpasStartAtTheRegionsReplicas()
    {
        var primary = await TemplateAsync(GuideLayered);
        var apac = await TemplateAsync("guide/production-values.yaml,guide/multi-region-values.yaml", "global.region=ap-southeast-1", "postgresql.enabled=false");
        // With the guide's HA file too, its budget (minAvailable 2) keeps every module at 3 at least.
        var apacHighlyAvailable = await TemplateAsync(GuideLayered, "global.region=ap-southeast-1", "postgresql.enabled=false");

        Assert.All(primary.OfKind("HorizontalPodAutoscaler"), h => Assert.Equal(3, (long)h["spec"]!["minReplicas"]!));
        Assert.All(apac.OfKind("HorizontalPodAutoscaler"), h => Assert.Equal(2, (long)h["spec"]!["minReplicas"]!));
        Assert.All(apacHighlyAvailable.OfKind("HorizontalPodAutoscaler"), h => Assert.Equal(3, (long)h["spec"]!["minReplicas"]!));
        Assert.Equal(10, apac.OfKind("HorizontalPodAutoscaler").Count());
        primary.Single("Cluster", $"{Release}-postgresql");
        Assert.Empty(apac.OfKind("Cluster"));
        var regionsRoute = primary.Single("Ingress", Release)["spec"]!["rules"]![0]!["http"]!["paths"]!.AsArray().Single(p => (string?)p!["path"] == "/api/v1/regions")!;
        Assert.Equal($"{Release}-network", (string?)regionsRoute["backend"]!["service"]!["name"]);
    }

    [Fact]
    public async Task Template_GuideLayeredInANonPrimaryRegion_RefusesTheInChartDatabase()
    {
        var error = await RefusedAsync(GuideLayered, "global.region=eu-west-1");

        Assert.Contains("CloudNativePG runs only in the primary region (us-east-1)", error, StringComparison.Ordinal);
        Assert.Contains("postgresql.external.existingSecret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_RegionsWithTheirOwnData_RunTheDatabaseAndTimersEverywhere()
    {
        var manifests = await TemplateAsync(GuideLayered, "global.region=eu-west-1", "network.multiRegion.crossRegionReplication=false");

        manifests.Single("Cluster", $"{Release}-postgresql");
        Assert.Contains("Networks_MarkUnreachable", FunctionsOf(manifests.Single("Deployment", $"{Release}-network")));
        Assert.Equal("false", (string?)ConfigOf(manifests)["Mplp__Network__CrossRegionReplication"]);
    }

    [Fact]
    public async Task Template_OwnMultiRegionSetInASecondRegion_KeepsOneEventLogInThePrimarysAccount()
    {
        const string files = "values-production.yaml,values-multi-region.yaml";
        var error = await RefusedAsync(files, "global.region=northeurope", "storage.accountName=mplpneustorage");
        var manifests = await TemplateAsync(files, "global.region=northeurope", "storage.accountName=mplpneustorage", "storage.eventLogAccountName=mplpweustorage");

        Assert.Contains("storage.eventLogAccountName: region northeurope works on the primary's data", error, StringComparison.Ordinal);
        var container = MainContainerOf(manifests.Single("Deployment", $"{Release}-trace"));
        Assert.Equal("https://mplpweustorage.table.core.windows.net", EnvValue(container, "Mplp__Storage__TableServiceUri"));
        Assert.Equal("https://mplpneustorage.queue.core.windows.net", EnvValue(container, "Mplp__Storage__QueueServiceUri"));
        Assert.Equal("mplpneustorage", EnvValue(container, "AzureWebJobsStorage__accountName"));
        Assert.All(manifests.OfKind("HorizontalPodAutoscaler"), h => Assert.Equal(2, (long)h["spec"]!["minReplicas"]!));
    }

    [Fact]
    public async Task Template_LatencyOptimization_ModuleServicesPreferClose()
    {
        var optimized = await TemplateAsync(Guide);
        var plain = await TemplateAsync(Guide, "network.multiRegion.latencyOptimization=false");

        Assert.Equal(10, optimized.OfKind("Service").Count(s => (string?)s["spec"]!["trafficDistribution"] == "PreferClose"));
        Assert.All(plain.OfKind("Service"), s => Assert.Null(s["spec"]!["trafficDistribution"]));
    }

    [Fact]
    public async Task Template_SingleRegion_NoRegionSettingsAndTheModulesOwnReplicas()
    {
        var manifests = await TemplateAsync("", "mplp.modules.plan.replicas=5");

        var config = ConfigOf(manifests);
        Assert.DoesNotContain(config, e => e.Key.StartsWith("Mplp__Network__", StringComparison.Ordinal));
        Assert.Equal(5, (long)manifests.Single("Deployment", $"{Release}-plan")["spec"]!["replicas"]!);
        Assert.Equal(2, (long)manifests.Single("Deployment", $"{Release}-core")["spec"]!["replicas"]!);
        Assert.All(manifests.All, o => Assert.Null(o["metadata"]!["labels"]?["mplp.io/region"]));
        Assert.All(manifests.OfKind("Service"), s => Assert.Null(s["spec"]!["trafficDistribution"]));
    }

    [Theory]
    [InlineData("global.region=mars", "global.region \"mars\" is not one of global.multiRegion.regions [us-east-1, eu-west-1, ap-southeast-1]")]
    [InlineData("global.multiRegion.regions[0].primary=false", "exactly one region has primary: true (the one whose database is writable); got 0 [] among [us-east-1, eu-west-1, ap-southeast-1]")]
    [InlineData("global.multiRegion.regions[2].primary=true", "got 2 [us-east-1, ap-southeast-1]")]
    [InlineData("global.multiRegion.regions[1].name=us-east-1", "each region once; got [us-east-1, us-east-1, ap-southeast-1]")]
    [InlineData("global.multiRegion.enabled=false", "network.multiRegion.enabled needs global.multiRegion")]
    [InlineData("autoscaling.enabled=true,autoscaling.maxReplicas=2", "region us-east-1 has replicas 3, the HPAs' minReplicas")]
    public async Task Template_UnworkableRegions_AreRefusedNamingThem(string set, string reason)
    {
        var error = await RefusedAsync(Guide, set);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static List<JsonObject> ModuleDeployments(Manifests manifests) =>
        [.. manifests.OfKind("Deployment").Where(d => ComponentOf(d).StartsWith("module-", StringComparison.Ordinal))];

    private static JsonObject ConfigOf(Manifests manifests) => manifests.Single("ConfigMap", Release)["data"]!.AsObject();

    private static List<(string Name, bool Primary, string? Replicas)> RegionsOf(JsonObject config) =>
    [
        .. Enumerable.Range(0, 10)
            .TakeWhile(i => config.ContainsKey($"Mplp__Network__Regions__{i}__Name"))
            .Select(i => (
                (string)config[$"Mplp__Network__Regions__{i}__Name"]!,
                (string)config[$"Mplp__Network__Regions__{i}__Primary"]! == "true",
                (string?)config[$"Mplp__Network__Regions__{i}__Replicas"])),
    ];
}
