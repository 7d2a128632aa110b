using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The guide's high availability: highAvailability, mplp.podDisruptionBudget and mplp.affinity (ha-values.yaml).</summary>
public class ChartGuideHighAvailabilityTests
{
    private const string Ha = "guide/ha-values.yaml";

    [Fact]
    public async Task Template_GuideHa_ABudgetOfTwoForEveryModuleAndWorkerWithAReplicaToSpare()
    {
        var manifests = await TemplateAsync(Ha);

        var workloads = AppWorkloads(manifests);
        Assert.Equal(12, workloads.Count);
        foreach (var workload in workloads)
        {
            var name = Manifests.NameOf(workload);
            var budget = manifests.Single("PodDisruptionBudget", name)["spec"]!;
            Assert.Equal(2, (long)budget["minAvailable"]!);
            Assert.True(JsonNode.DeepEquals(workload["spec"]!["selector"]!["matchLabels"], budget["selector"]!["matchLabels"]), name);
            // minAvailable 2 of 2 would let no node drain evict a pod: the floor is one more.
            var fewest = ComponentOf(workload).StartsWith("module-", StringComparison.Ordinal)
                ? (long)workload["spec"]!["replicas"]!
                : (long)manifests.Single("ScaledObject", name)["spec"]!["minReplicaCount"]!;
            Assert.Equal(3, fewest);
        }

        // One per module and worker (the guide's Redis has its own).
        Assert.Equal(12, manifests.OfKind("PodDisruptionBudget").Count(p => ComponentOf(p) is var c && (c.StartsWith("module-", StringComparison.Ordinal) || c.StartsWith("worker-", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Template_GuideHa_EveryAppPodHasTheGuidesAffinityVerbatimAndSpreadsOverZones()
    {
        var manifests = await TemplateAsync(Ha);
        var guide = Manifests.Parse(await File.ReadAllTextAsync(Repository.PathOf("docs", "deployment-guide", "ha-values.yaml"))).All[0]["mplp"]!["affinity"];

        foreach (var workload in AppWorkloads(manifests))
        {
            var pod = PodSpecOf(workload);
            Assert.True(JsonNode.DeepEquals(guide, pod["affinity"]), $"{Manifests.NameOf(workload)}: {pod["affinity"]!.ToJsonString()}");
            var spread = Assert.Single(pod["topologySpreadConstraints"]!.AsArray())!;
            Assert.Equal("topology.kubernetes.io/zone", (string?)spread["topologyKey"]);
            Assert.Equal("ScheduleAnyway", (string?)spread["whenUnsatisfiable"]);
            Assert.Equal(1, (long)spread["maxSkew"]!);
            Assert.True(JsonNode.DeepEquals(workload["spec"]!["selector"]!["matchLabels"], spread["labelSelector"]!["matchLabels"]));
        }
    }

    [Fact]
    public async Task Template_GuideProductionAndHa_AutoscalersKeepTheFloor()
    {
        var manifests = await TemplateAsync("guide/production-values.yaml,guide/ha-values.yaml", "autoscaling.minReplicas=1");

        Assert.All(manifests.OfKind("HorizontalPodAutoscaler"), h => Assert.Equal(3, (long)h["spec"]!["minReplicas"]!));
        Assert.All(manifests.OfKind("ScaledObject"), s => Assert.Equal(3, (long)s["spec"]!["minReplicaCount"]!));
        // One per module and worker (the guide's Redis has its own).
        Assert.Equal(12, manifests.OfKind("PodDisruptionBudget").Count(p => ComponentOf(p) is var c && (c.StartsWith("module-", StringComparison.Ordinal) || c.StartsWith("worker-", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Template_HighAvailabilityAlone_TwoReplicasBudgetsAndZoneSpread()
    {
        var manifests = await TemplateAsync("", "highAvailability.enabled=true", "mplp.modules.extension.replicas=1", "autoscaling.enabled=true", "autoscaling.minReplicas=1", "autoscaling.maxReplicas=1");

        Assert.All(manifests.OfKind("HorizontalPodAutoscaler"), h =>
        {
            Assert.Equal(2, (long)h["spec"]!["minReplicas"]!);
            Assert.Equal(2, (long)h["spec"]!["maxReplicas"]!);
        });
        Assert.All(manifests.OfKind("ScaledObject"), s => Assert.Equal(2, (long)s["spec"]!["minReplicaCount"]!));
        Assert.All(manifests.OfKind("PodDisruptionBudget"), b => Assert.Equal(1, (long)b["spec"]!["minAvailable"]!));
        // One per module and worker (the guide's Redis has its own).
        Assert.Equal(12, manifests.OfKind("PodDisruptionBudget").Count(p => ComponentOf(p) is var c && (c.StartsWith("module-", StringComparison.Ordinal) || c.StartsWith("worker-", StringComparison.Ordinal))));
        Assert.All(AppWorkloads(manifests), w => Assert.Equal("ScheduleAnyway", (string?)PodSpecOf(w)["topologySpreadConstraints"]![0]!["whenUnsatisfiable"]));
        var fixedReplicas = await TemplateAsync("", "highAvailability.enabled=true", "mplp.modules.extension.replicas=1");
        Assert.Equal(2, (long)fixedReplicas.Single("Deployment", $"{Release}-extension")["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Template_HighAvailabilityWithOwnSpread_KeepsIt()
    {
        var manifests = await TemplateAsync("", "highAvailability.enabled=true", "mplp.topologySpread[0].maxSkew=2", "mplp.topologySpread[0].topologyKey=kubernetes.io/hostname", "mplp.topologySpread[0].whenUnsatisfiable=DoNotSchedule");

        Assert.All(AppWorkloads(manifests), w =>
        {
            var spread = Assert.Single(PodSpecOf(w)["topologySpreadConstraints"]!.AsArray())!;
            Assert.Equal("kubernetes.io/hostname", (string?)spread["topologyKey"]);
        });
    }

    [Fact]
    public async Task Template_Defaults_NoBudgetComputedAffinityNoSpreadAndOneWorker()
    {
        var manifests = await TemplateAsync();
        var budgetsOnly = await TemplateAsync("", "mplp.podDisruptionBudget.enabled=true");

        Assert.Empty(manifests.OfKind("PodDisruptionBudget"));
        Assert.All(AppWorkloads(manifests), w =>
        {
            Assert.NotNull(PodSpecOf(w)["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]);
            Assert.Null(PodSpecOf(w)["topologySpreadConstraints"]);
        });
        Assert.All(manifests.OfKind("ScaledObject"), s => Assert.Equal(1, (long)s["spec"]!["minReplicaCount"]!));
        // Without highAvailability only the modules get budgets (a one-replica worker's would block drains).
        Assert.Equal(10, budgetsOnly.OfKind("PodDisruptionBudget").Count());
        Assert.All(budgetsOnly.OfKind("PodDisruptionBudget"), b => Assert.StartsWith("module-", ComponentOf(b), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notes_GuideAffinity_SaysHowManyNodesTheReleaseNeeds()
    {
        var notes = await NotesAsync(Ha);
        var layered = await NotesAsync("guide/production-values.yaml,guide/ha-values.yaml");
        var without = await NotesAsync("", "highAvailability.enabled=true");

        // ha-values alone: ten modules of 3 and two workers of 3 to 10; with production's HPAs 3 to 20.
        Assert.Contains("this release needs 36 nodes, 50 at full scale", notes, StringComparison.Ordinal);
        Assert.Contains("this release needs 36 nodes, 220 at full scale", layered, StringComparison.Ordinal);
        Assert.DoesNotContain("this release needs", without, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_AffinityWithATypo_IsRefused()
    {
        var error = await RefusedAsync(Ha, "mplp.affinity.podAntiAfinity.x=y");

        Assert.Contains("podAntiAfinity", error, StringComparison.Ordinal);
    }

    /// <summary>The module and worker Deployments (the pods of the shared pod template).</summary>
    private static List<JsonObject> AppWorkloads(Manifests manifests) =>
        [.. manifests.OfKind("Deployment").Where(d => ComponentOf(d) is var c && (c.StartsWith("module-", StringComparison.Ordinal) || c.StartsWith("worker-", StringComparison.Ordinal)))];
}
