using System.Text.Json.Nodes;
using Mplp.Core.Agents;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>Replicas, HPAs for the modules, KEDA for workers and agent pools, budgets and spreading in HA.</summary>
public class ChartScalingTests
{
    [Fact]
    public async Task Template_Replicas_ModuleSettingWinsOverReplicaCount()
    {
        var manifests = await TemplateAsync("", "mplp.replicaCount=4", "mplp.modules.plan.replicas=7");

        Assert.Equal(7, (long)manifests.Single("Deployment", $"{Release}-plan")["spec"]!["replicas"]!);
        Assert.Equal(4, (long)manifests.Single("Deployment", $"{Release}-context")["spec"]!["replicas"]!);
        Assert.Empty(manifests.OfKind("HorizontalPodAutoscaler"));
    }

    [Fact]
    public async Task Template_Production_EveryModuleHasAnHpaAndNoFixedReplicas()
    {
        var manifests = await TemplateAsync("values-production.yaml");

        var modules = manifests.OfKind("Deployment").Where(d => ComponentOf(d).StartsWith("module-", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, modules.Count);
        foreach (var module in modules)
        {
            Assert.Null(module["spec"]!["replicas"]);  // the HPA owns it; a fixed count would fight it on every upgrade
            var hpa = manifests.Single("HorizontalPodAutoscaler", Manifests.NameOf(module))["spec"]!;
            Assert.Equal(Manifests.NameOf(module), (string?)hpa["scaleTargetRef"]!["name"]);
            Assert.Equal(3, (long)hpa["minReplicas"]!);
            Assert.Equal(20, (long)hpa["maxReplicas"]!);
            var targets = hpa["metrics"]!.AsArray().ToDictionary(m => (string)m!["resource"]!["name"]!, m => (long)m!["resource"]!["target"]!["averageUtilization"]!);
            Assert.Equal(new Dictionary<string, long> { ["cpu"] = 70, ["memory"] = 80 }, targets);
        }
    }

    [Fact]
    public async Task Template_DurableWorker_ScalesOnTheTaskHubQueues()
    {
        var manifests = await TemplateAsync("", "mplp.durable.hubName=OpsHub", "mplp.durable.partitionCount=2");

        var scaled = manifests.Single("ScaledObject", $"{Release}-durable")["spec"]!;
        Assert.Equal($"{Release}-durable", (string?)scaled["scaleTargetRef"]!["name"]);
        Assert.Equal(["opshub-workitems", "opshub-control-00", "opshub-control-01"], QueuesOf(scaled));
        Assert.All(scaled["triggers"]!.AsArray(), t => Assert.Equal("azure-queue", (string?)t!["type"]));
        var config = manifests.Single("ConfigMap", Release)["data"]!;
        Assert.Equal("OpsHub", (string?)config["AzureFunctionsJobHost__extensions__durableTask__hubName"]);
        Assert.Equal("2", (string?)config["AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount"]);
        Assert.Null(manifests.Single("Deployment", $"{Release}-durable")["spec"]!["replicas"]);
    }

    [Fact]
    public async Task Template_AgentResultsWorker_ScalesOnTheResultsQueue()
    {
        var manifests = await TemplateAsync("", "mplp.agents.resultsQueue=team-results");

        Assert.Equal(["team-results"], QueuesOf(manifests.Single("ScaledObject", $"{Release}-agent-results")["spec"]!));
        Assert.Equal("team-results", (string?)manifests.Single("ConfigMap", Release)["data"]!["Mplp__Agents__ResultsQueue"]);
    }

    [Fact]
    public async Task Template_AgentPool_ScalesFromZeroOnItsRolesWorkQueue()
    {
        var manifests = await TemplateAsync("", "mplp.agentPools[0].name=review", "mplp.agentPools[0].role=code-reviewer", "mplp.agentPools[0].command=make review");

        var scaled = manifests.Single("ScaledObject", $"{Release}-agent-review")["spec"]!;
        Assert.Equal([AgentQueues.WorkQueueOf("code-reviewer")], QueuesOf(scaled));
        Assert.Equal(0, (long)scaled["minReplicaCount"]!);
        var container = MainContainerOf(manifests.Single("Deployment", $"{Release}-agent-review"));
        Assert.Equal(["dotnet", "/opt/mplp/agent/Mplp.ReferenceAgent.dll"], container["command"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["--role", "code-reviewer", "--command", "make review"], container["args"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public async Task Template_AgentPoolWithWorkloadIdentity_ReachesTheQueuesKeyless()
    {
        var manifests = await TemplateAsync("values-production.yaml", "mplp.agentPools[0].name=review", "mplp.agentPools[0].role=reviewer");

        var deployment = manifests.Single("Deployment", $"{Release}-agent-review");
        var container = MainContainerOf(deployment);
        Assert.Equal("https://mplpprodstorage.queue.core.windows.net", EnvValue(container, "Mplp__Storage__QueueServiceUri"));
        Assert.Null(EnvEntry(container, "AzureWebJobsStorage"));
        Assert.Equal("true", (string?)PodLabelsOf(deployment)["azure.workload.identity/use"]);
        Assert.Equal("mplpprodstorage", (string?)manifests.Single("ScaledObject", $"{Release}-agent-review")["spec"]!["triggers"]![0]!["metadata"]!["accountName"]);
    }

    [Fact]
    public async Task Template_TriggerAuthentication_WorkloadIdentityInProductionConnectionStringByDefault()
    {
        var production = (await TemplateAsync("values-production.yaml")).Single("TriggerAuthentication", $"{Release}-storage")["spec"]!;
        var local = (await TemplateAsync()).Single("TriggerAuthentication", $"{Release}-storage")["spec"]!;

        Assert.Equal("azure-workload", (string?)production["podIdentity"]!["provider"]);
        Assert.Equal("00000000-0000-0000-0000-000000000000", (string?)production["podIdentity"]!["identityId"]);
        Assert.Equal("mplp-storage", (string?)local["secretTargetRef"]![0]!["name"]);
        Assert.Equal("connection", (string?)local["secretTargetRef"]![0]!["parameter"]);
    }

    [Fact]
    public async Task Template_HighAvailability_BudgetsRequiredAntiAffinityZonesAndPostgresReplicas()
    {
        var manifests = await TemplateAsync("values-production.yaml,values-ha.yaml");

        foreach (var module in manifests.OfKind("Deployment").Where(d => ComponentOf(d).StartsWith("module-", StringComparison.Ordinal)))
        {
            var name = Manifests.NameOf(module);
            var selector = module["spec"]!["selector"]!["matchLabels"]!;
            var budget = manifests.Single("PodDisruptionBudget", name)["spec"]!;
            Assert.Equal(2, (long)budget["minAvailable"]!);
            Assert.True(JsonNode.DeepEquals(selector, budget["selector"]!["matchLabels"]!), $"{name}: {budget["selector"]!["matchLabels"]!.ToJsonString()}");
            var required = PodSpecOf(module)["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]![0]!;
            Assert.Equal("kubernetes.io/hostname", (string?)required["topologyKey"]);
            Assert.True(JsonNode.DeepEquals(selector, required["labelSelector"]!["matchLabels"]!), $"{name}: {required["labelSelector"]!["matchLabels"]!.ToJsonString()}");
            var spread = PodSpecOf(module)["topologySpreadConstraints"]![0]!;
            Assert.Equal("topology.kubernetes.io/zone", (string?)spread["topologyKey"]);
            Assert.True(JsonNode.DeepEquals(selector, spread["labelSelector"]!["matchLabels"]!), $"{name}: {spread["labelSelector"]!["matchLabels"]!.ToJsonString()}");
        }

        var cluster = manifests.Single("Cluster", $"{Release}-postgresql")["spec"]!;
        Assert.Equal(3, (long)cluster["instances"]!);  // a primary and two streaming replicas
        Assert.Equal("required", (string?)cluster["affinity"]!["podAntiAffinityType"]);
        Assert.Equal(3, (long)manifests.Single("ScaledObject", $"{Release}-durable")["spec"]!["minReplicaCount"]!);
    }

    private static string[] QueuesOf(JsonNode scaledObjectSpec) =>
        [.. scaledObjectSpec["triggers"]!.AsArray().Select(t => (string)t!["metadata"]!["queueName"]!)];
}
