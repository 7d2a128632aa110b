using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The guide's redis keys: the in-chart Redis (master, replicas, sentinels), its Secret, and the pods' configuration string.</summary>
public class ChartRedisTests
{
    private const string Production = "guide/production-values.yaml";
    private const string ProductionHa = "guide/production-values.yaml,guide/ha-values.yaml";
    private const string Master = $"{Release}-redis-master";
    private const string Replicas = $"{Release}-redis-replicas";

    /// <summary>Network policies with restricted egress.</summary>
    private static readonly string[] NetworkPolicies = ["security.networkPolicies.enabled=true", "security.networkPolicies.restrictEgress=true"];

    [Fact]
    public async Task Template_GuideProduction_MasterAndReplicasWithTheirVolumesAndResources()
    {
        var manifests = await TemplateAsync(Production);

        var master = manifests.Single("StatefulSet", Master);
        Assert.Equal(1, (long)master["spec"]!["replicas"]!);
        Assert.Equal("20Gi", ClaimSizeOf(master));
        var resources = ContainerOf(master, "redis")["resources"]!;
        Assert.Equal("1Gi", (string?)resources["requests"]!["memory"]);
        Assert.Equal("2Gi", (string?)resources["limits"]!["memory"]);
        var replicas = manifests.Single("StatefulSet", Replicas);
        Assert.Equal(2, (long)replicas["spec"]!["replicas"]!);
        Assert.Equal("8Gi", ClaimSizeOf(replicas));
        foreach (var set in new[] { master, replicas })
        {
            Assert.Equal($"{Release}-redis-headless", (string?)set["spec"]!["serviceName"]);
            Assert.Equal(["redis"], PodSpecOf(set)["containers"]!.AsArray().Select(c => (string)c!["name"]!));
            AssertHardened(set);
        }

        Assert.Equal("None", (string?)manifests.Single("Service", $"{Release}-redis-headless")["spec"]!["clusterIP"]);
        var service = manifests.Single("Service", Master)["spec"]!;
        Assert.Equal("master", (string?)service["selector"]!["mplp.io/redis-role"]);
        Assert.Equal(6379, (long)service["ports"]![0]!["port"]!);
        Assert.DoesNotContain(manifests.OfKind("Service"), s => Manifests.NameOf(s) == $"{Release}-redis-sentinel");
        var budget = manifests.Single("PodDisruptionBudget", $"{Release}-redis")["spec"]!;
        Assert.Equal(1, (long)budget["maxUnavailable"]!);
        Assert.Equal("redis", (string?)budget["selector"]!["matchLabels"]!["app.kubernetes.io/component"]);
    }

    [Fact]
    public async Task Template_GuideProductionWithHa_SentinelBesideEveryRedisPod()
    {
        var manifests = await TemplateAsync(ProductionHa);

        foreach (var set in new[] { manifests.Single("StatefulSet", Master), manifests.Single("StatefulSet", Replicas) })
        {
            var sentinel = ContainerOf(set, "sentinel");
            Assert.Equal(26379, (long)sentinel["ports"]![0]!["containerPort"]!);
            Assert.Equal("mplp", EnvValue(sentinel, "SENTINEL_MASTER_SET"));
            Assert.Equal("2", EnvValue(sentinel, "SENTINEL_QUORUM"));
            Assert.Equal($"{Release}-redis-sentinel", EnvValue(sentinel, "SENTINEL_SERVICE"));
            Assert.Equal($"{Release}-redis", (string?)EnvEntry(sentinel, "REDIS_PASSWORD")!["valueFrom"]!["secretKeyRef"]!["name"]);
            AssertHardened(set);
        }

        Assert.Equal(3, manifests.OfKind("StatefulSet").Where(s => ComponentOf(s) == "redis").Sum(s => (long)s["spec"]!["replicas"]!));
        Assert.Equal(26379, (long)manifests.Single("Service", $"{Release}-redis-sentinel")["spec"]!["ports"]![0]!["port"]!);
        // A failover moves the master away from the master pod: no Service may claim it is there.
        Assert.DoesNotContain(manifests.OfKind("Service"), s => Manifests.NameOf(s) == Master);
        var scripts = manifests.Single("ConfigMap", $"{Release}-redis-scripts")["data"]!;
        Assert.Contains("sentinel get-master-addr-by-name", (string)scripts["common.sh"]!, StringComparison.Ordinal);
        Assert.Contains("sentinel monitor $SENTINEL_MASTER_SET $master 6379 $SENTINEL_QUORUM", (string)scripts["start-sentinel.sh"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Production)]
    [InlineData(ProductionHa)]
    public async Task Template_GuideRedisPassword_OnlyInTheRedisSecret(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles);

        var secret = manifests.Single("Secret", $"{Release}-redis");
        Assert.Equal("secure-redis-password", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["redis-password"]!)));
        ChartPostgresTests.AssertOnlySecretsHold(manifests, "secure-redis-password");
        foreach (var set in manifests.OfKind("StatefulSet").Where(s => ComponentOf(s) == "redis"))
        {
            var reference = EnvEntry(ContainerOf(set, "redis"), "REDIS_PASSWORD")!["valueFrom"]!["secretKeyRef"]!;
            Assert.Equal($"{Release}-redis", (string?)reference["name"]);
            Assert.Equal("redis-password", (string?)reference["key"]);
        }
    }

    [Theory]
    [InlineData(Production, $"{Release}-redis-master:6379,password=$(REDIS_PASSWORD),abortConnect=false")]
    [InlineData(ProductionHa, $"{Release}-redis-sentinel:26379,serviceName=mplp,password=$(REDIS_PASSWORD),abortConnect=false")]
    public async Task Template_GuideRedis_PodsGetItsConfigurationString(string valueFiles, string configuration)
    {
        var manifests = await TemplateAsync(valueFiles);

        var workloads = manifests.OfKind("Deployment").Where(d => !ComponentOf(d).StartsWith("agent", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, workloads.Count);  // ten modules and two workers
        foreach (var workload in workloads)
        {
            var container = MainContainerOf(workload);
            Assert.Equal(configuration, EnvValue(container, "Mplp__Redis__Configuration"));
            Assert.Equal($"{Release}-redis", (string?)EnvEntry(container, "REDIS_PASSWORD")!["valueFrom"]!["secretKeyRef"]!["name"]);
            // Kubernetes expands $(VAR) only from variables defined earlier in the list.
            var names = container["env"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
            Assert.True(names.IndexOf("REDIS_PASSWORD") < names.IndexOf("Mplp__Redis__Configuration"));
        }
    }

    [Fact]
    public async Task Template_RedisOff_NoRedisObjectsAndNoConfiguration()
    {
        var manifests = await TemplateAsync("", NetworkPolicies);

        Assert.DoesNotContain(manifests.All, o => ComponentOf(o) == "redis" || Manifests.NameOf(o).Contains("redis", StringComparison.Ordinal));
        var container = MainContainerOf(manifests.Single("Deployment", $"{Release}-core"));
        Assert.Null(EnvEntry(container, "Mplp__Redis__Configuration"));
        Assert.Null(EnvEntry(container, "REDIS_PASSWORD"));
        Assert.DoesNotContain(6379L, PortsOf(manifests.Single("NetworkPolicy", $"{Release}-egress")["spec"]!["egress"]!));
    }

    [Fact]
    public async Task Template_ExternalRedis_PodsReadTheWholeConfigurationFromItsSecret()
    {
        var manifests = await TemplateAsync("", "redis.external.existingSecret=azure-redis");

        var reference = EnvEntry(MainContainerOf(manifests.Single("Deployment", $"{Release}-trace")), "Mplp__Redis__Configuration")!["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal("azure-redis", (string?)reference["name"]);
        Assert.Equal("configuration", (string?)reference["key"]);
        Assert.DoesNotContain(manifests.All, o => ComponentOf(o) == "redis");
    }

    [Fact]
    public async Task Template_StandaloneWithoutPersistence_OneMasterOnAnEmptyDirAndAGeneratedPassword()
    {
        var manifests = await TemplateAsync("", "redis.enabled=true", "redis.master.persistence.enabled=false");

        var master = manifests.Single("StatefulSet", Master);
        Assert.Null(master["spec"]!["volumeClaimTemplates"]);
        Assert.NotNull(PodSpecOf(master)["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "data")!["emptyDir"]);
        Assert.Equal("false", EnvValue(ContainerOf(master, "redis"), "PERSISTENCE"));
        Assert.DoesNotContain(manifests.OfKind("StatefulSet"), s => Manifests.NameOf(s) == Replicas);
        Assert.DoesNotContain(manifests.OfKind("PodDisruptionBudget"), b => ComponentOf(b) == "redis");
        var password = Convert.FromBase64String((string)manifests.Single("Secret", $"{Release}-redis")["data"]!["redis-password"]!);
        Assert.Equal(32, password.Length);
    }

    [Fact]
    public async Task Template_StorageClasses_EachSetsOwnOrGlobalStorageClass()
    {
        var manifests = await TemplateAsync("", "redis.enabled=true", "redis.architecture=replication", "global.storageClass=standard", "redis.master.persistence.storageClass=fast-ssd");

        Assert.Equal("fast-ssd", (string?)manifests.Single("StatefulSet", Master)["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["storageClassName"]);
        Assert.Equal("standard", (string?)manifests.Single("StatefulSet", Replicas)["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["storageClassName"]);
    }

    [Fact]
    public async Task Template_AuthOff_NoSecretAndNoPasswordInTheConfiguration()
    {
        var manifests = await TemplateAsync("", "redis.enabled=true", "redis.auth.enabled=false");

        Assert.DoesNotContain(manifests.OfKind("Secret"), s => ComponentOf(s) == "redis");
        Assert.Null(EnvEntry(ContainerOf(manifests.Single("StatefulSet", Master), "redis"), "REDIS_PASSWORD"));
        Assert.Equal($"{Release}-redis-master:6379,abortConnect=false", EnvValue(MainContainerOf(manifests.Single("Deployment", $"{Release}-plan")), "Mplp__Redis__Configuration"));
    }

    [Theory]
    [InlineData("guide/production-values.yaml,guide/security-values.yaml")]
    [InlineData("guide/security-values.yaml", "redis.enabled=true")]  // nor is one generated
    public async Task Template_ExternalSecrets_TheProviderFillsTheRedisSecret(string valueFiles, params string[] sets)
    {
        var manifests = await TemplateAsync(valueFiles, sets);

        Assert.DoesNotContain(manifests.OfKind("Secret"), s => ComponentOf(s) == "redis");
        Assert.DoesNotContain(manifests.All, o => o.ToJsonString().Contains("secure-redis-password", StringComparison.Ordinal));
        Assert.Equal($"{Release}-redis", (string?)EnvEntry(ContainerOf(manifests.Single("StatefulSet", Master), "redis"), "REDIS_PASSWORD")!["valueFrom"]!["secretKeyRef"]!["name"]);
    }

    [Fact]
    public async Task Template_NetworkPolicies_RedisTakesOnlyTheReleasesPodsAndTheAppMayReachIt()
    {
        var manifests = await TemplateAsync(ProductionHa, NetworkPolicies);

        var redis = manifests.Single("NetworkPolicy", $"{Release}-redis")["spec"]!;
        Assert.Equal("redis", (string?)redis["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]);
        var from = redis["ingress"]![0]!["from"]!.AsArray();
        Assert.Equal(Release, (string?)Assert.Single(from)!["podSelector"]!["matchLabels"]!["app.kubernetes.io/instance"]);
        Assert.Equal("DoesNotExist", (string?)from[0]!["podSelector"]!["matchExpressions"]![0]!["operator"]);  // not agents
        Assert.Equal([6379L, 26379], PortsOf(redis["ingress"]!));
        var toRedis = manifests.Single("NetworkPolicy", $"{Release}-egress")["spec"]!["egress"]!.AsArray()
            .Single(r => (string?)r!["to"]?[0]?["podSelector"]?["matchLabels"]?["app.kubernetes.io/component"] == "redis")!;
        Assert.Equal([6379L, 26379], toRedis["ports"]!.AsArray().Select(p => (long)p!["port"]!));
        var workers = manifests.Single("NetworkPolicy", $"{Release}-workers")["spec"]!["podSelector"]!["matchExpressions"]![0]!;
        Assert.Contains("redis", workers["values"]!.AsArray().Select(v => (string)v!));
    }

    [Theory]
    [InlineData("redis.sentinel.enabled=true", "architecture: replication")]
    [InlineData("redis.architecture=replication,redis.replica.replicaCount=1,redis.sentinel.enabled=true", "replicaCount >= 2")]
    [InlineData("redis.architecture=replication,redis.sentinel.quorum=3,redis.sentinel.enabled=true", "quorum <= replicaCount")]
    [InlineData("redis.external.existingSecret=azure-redis", "outside the chart")]
    [InlineData("redis.auth.password=a\\,b", "password")]
    [InlineData("redis.architecture=cluster", "architecture")]
    public async Task Template_UnworkableRedis_IsRefusedWithTheReason(string set, string reason)
    {
        var error = await RefusedAsync("", "redis.enabled=true", set);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static JsonObject ContainerOf(JsonObject workload, string name) =>
        PodSpecOf(workload)["containers"]!.AsArray().Single(c => (string?)c!["name"] == name)!.AsObject();

    private static string? ClaimSizeOf(JsonObject statefulSet) =>
        (string?)statefulSet["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["resources"]!["requests"]!["storage"];

    private static long[] PortsOf(JsonNode rules) =>
        [.. rules.AsArray().SelectMany(r => r!["ports"]!.AsArray()).Select(p => (long)p!["port"]!).Distinct().Order()];

    /// <summary>Like the MPLP pods: non-root, seccomp RuntimeDefault, read-only root filesystem, no capabilities.</summary>
    private static void AssertHardened(JsonObject statefulSet)
    {
        var pod = PodSpecOf(statefulSet)["securityContext"]!;
        Assert.True((bool)pod["runAsNonRoot"]!);
        Assert.Equal("RuntimeDefault", (string?)pod["seccompProfile"]!["type"]);
        foreach (var container in PodSpecOf(statefulSet)["containers"]!.AsArray())
        {
            var context = container!["securityContext"]!;
            Assert.True((bool)context["readOnlyRootFilesystem"]!);
            Assert.False((bool)context["allowPrivilegeEscalation"]!);
            Assert.Equal(["ALL"], context["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
        }
    }
}
