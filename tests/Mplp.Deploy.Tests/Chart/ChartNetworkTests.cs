using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>Ingress with TLS routing each module to its Service, network policies, scraping.</summary>
public class ChartNetworkTests
{
    [Fact]
    public async Task Template_Production_IngressTerminatesTlsWithCertManager()
    {
        var ingress = (await TemplateAsync("values-production.yaml")).Single("Ingress", Release);

        Assert.Equal("letsencrypt-prod", (string?)ingress["metadata"]!["annotations"]!["cert-manager.io/cluster-issuer"]);
        var tls = ingress["spec"]!["tls"]![0]!;
        Assert.Equal(["mplp.example.com"], tls["hosts"]!.AsArray().Select(h => (string)h!));
        Assert.Equal($"{Release}-tls", (string?)tls["secretName"]);
        Assert.Equal("mplp.example.com", (string?)ingress["spec"]!["rules"]![0]!["host"]);
    }

    [Fact]
    public async Task Template_Ingress_RoutesEachModulesPathsAndHealthToItsService()
    {
        var ingress = (await TemplateAsync("", "ingress.enabled=true")).Single("Ingress", Release);

        var routes = ingress["spec"]!["rules"]![0]!["http"]!["paths"]!.AsArray()
            .ToDictionary(p => $"{p!["pathType"]} {p["path"]}", p => (string)p!["backend"]!["service"]!["name"]!);
        Assert.Equal($"{Release}-plan", routes["Prefix /api/v1/plans"]);
        Assert.Equal($"{Release}-role", routes["Prefix /api/v1/api-keys"]);
        Assert.Equal($"{Release}-role", routes["Prefix /api/v1/permissions"]);
        Assert.Equal($"{Release}-core", routes["Prefix /api/v1"]);
        Assert.Equal($"{Release}-core", routes["Prefix /ready"]);
        Assert.Equal($"{Release}-core", routes["Prefix /console"]);  // the operator console, served by core
        // The anonymous /metrics is for the in-cluster scraper only: no ingress path reaches it.
        Assert.DoesNotContain(routes.Keys, r => "/metrics".StartsWith(r.Split(' ')[1], StringComparison.Ordinal));
        Assert.Equal($"{Release}-confirm", routes["Exact /api/v1/confirm/health"]);
        Assert.Equal(10, routes.Keys.Count(k => k.StartsWith("Exact /api/v1/", StringComparison.Ordinal)));
        Assert.Null(ingress["spec"]!["tls"]);
    }

    [Fact]
    public async Task Template_Security_NetworkPoliciesAdmitIngressControllerAndLimitEgress()
    {
        var manifests = await TemplateAsync("values-production.yaml,values-security.yaml");

        var modules = manifests.Single("NetworkPolicy", $"{Release}-modules")["spec"]!;
        var components = modules["podSelector"]!["matchExpressions"]![0]!["values"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Equal(10, components.Count);
        Assert.All(components, c => Assert.StartsWith("module-", c, StringComparison.Ordinal));
        var sources = modules["ingress"]![0]!["from"]!.AsArray().Select(f => f!["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"]?.GetValue<string>()).ToList();
        Assert.Contains("ingress-nginx", sources);
        Assert.Contains("monitoring", sources);

        var egress = manifests.Single("NetworkPolicy", $"{Release}-egress")["spec"]!;
        Assert.Equal(["Egress"], egress["policyTypes"]!.AsArray().Select(p => (string)p!));
        Assert.Equal([53L, 443, 5432, 8080], PortsOf(egress["egress"]!));
        Assert.Equal("true", (string?)manifests.Single("Ingress", Release)["metadata"]!["annotations"]!["nginx.ingress.kubernetes.io/force-ssl-redirect"]);
    }

    [Theory]
    [InlineData("values-production.yaml")]
    [InlineData("values-production.yaml,values-ha.yaml")]
    [InlineData("values-production.yaml,values-multi-region.yaml")]
    public async Task Template_ProductionValueSet_NetworkPoliciesOnWithRestrictedEgress(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles);

        Assert.Equal(
            [$"{Release}-egress", $"{Release}-modules", $"{Release}-workers"],
            manifests.OfKind("NetworkPolicy").Select(Manifests.NameOf).Order());
        var egress = manifests.Single("NetworkPolicy", $"{Release}-egress")["spec"]!;
        Assert.Equal([53L, 443, 5432, 8080], PortsOf(egress["egress"]!));
    }

    [Theory]
    [InlineData("http://otel-collector.monitoring:4317", 4317L)]
    [InlineData("http://otel-collector.monitoring", 80L)]
    public async Task Template_RestrictedEgressWithOtlpCollector_AdmitsTheCollectorsPort(string endpoint, long port)
    {
        var manifests = await TemplateAsync("values-production.yaml", $"monitoring.otlpEndpoint={endpoint}");

        var egress = manifests.Single("NetworkPolicy", $"{Release}-egress")["spec"]!;
        Assert.Contains(port, PortsOf(egress["egress"]!));
    }

    [Fact]
    public async Task Template_ProductionAgentPool_AgentsReachOnlyDnsAndHttpsAndNoPod()
    {
        var manifests = await TemplateAsync("values-production.yaml", "mplp.agentPools[0].name=review", "mplp.agentPools[0].role=reviewer");

        var agentLabels = PodLabelsOf(manifests.Single("Deployment", $"{Release}-agent-review"));
        Assert.Equal("reviewer", (string?)agentLabels["mplp.io/agent-role"]);
        var agents = manifests.Single("NetworkPolicy", $"{Release}-agents-egress")["spec"]!;
        Assert.Equal("mplp.io/agent-role", (string?)agents["podSelector"]!["matchExpressions"]![0]!["key"]);
        Assert.Equal("Exists", (string?)agents["podSelector"]!["matchExpressions"]![0]!["operator"]);
        Assert.Equal([53L, 443], PortsOf(agents["egress"]!));
        Assert.All(agents["egress"]!.AsArray(), rule => Assert.Null(rule!["to"]));
        // Policies add up: the app's egress (PostgreSQL, the pods) and the modules' ingress from
        // release pods must leave agent pods out, or they would open what the agents' policy closes.
        var notAgents = new JsonObject { ["key"] = "mplp.io/agent-role", ["operator"] = "DoesNotExist" };
        var appEgress = manifests.Single("NetworkPolicy", $"{Release}-egress")["spec"]!["podSelector"]!["matchExpressions"]!.AsArray();
        Assert.Contains(appEgress, e => JsonNode.DeepEquals(e, notAgents));
        var fromPods = manifests.Single("NetworkPolicy", $"{Release}-modules")["spec"]!["ingress"]![0]!["from"]![0]!["podSelector"]!;
        Assert.Contains(fromPods["matchExpressions"]!.AsArray(), e => JsonNode.DeepEquals(e, notAgents));
    }

    [Fact]
    public async Task Template_Monitoring_ScrapesMetricsFromModulesAndWorkers()
    {
        var manifests = await TemplateAsync("", "monitoring.enabled=true");

        var endpoint = manifests.Single("ServiceMonitor", Release)["spec"]!["endpoints"]![0]!;
        Assert.Equal("/metrics", (string?)endpoint["path"]);
        Assert.Equal("http", (string?)endpoint["port"]);
        var workers = manifests.Single("PodMonitor", $"{Release}-workers")["spec"]!;
        var components = workers["selector"]!["matchExpressions"]![0]!["values"]!.AsArray().Select(v => (string)v!);
        var workerComponents = manifests.OfKind("Deployment").Select(ComponentOf).Where(c => c.StartsWith("worker-", StringComparison.Ordinal));
        Assert.Equal(workerComponents.Order(), components.Order());
        Assert.Equal("true", (string?)manifests.Single("ConfigMap", Release)["data"]!["Mplp__Observability__Metrics__Enabled"]);
    }

    [Fact]
    public async Task Template_MonitoringOff_RendersNoMonitoringObjects()
    {
        var manifests = await TemplateAsync();

        Assert.DoesNotContain(manifests.All, o => ((string)o["apiVersion"]!).StartsWith("monitoring.coreos.com", StringComparison.Ordinal));
        Assert.Null(manifests.Single("ConfigMap", Release)["data"]!["Mplp__Observability__Metrics__Enabled"]);
    }

    private static long[] PortsOf(JsonNode egressRules) =>
        [.. egressRules.AsArray().SelectMany(r => r!["ports"]!.AsArray()).Select(p => (long)p!["port"]!).Distinct().Order()];
}
