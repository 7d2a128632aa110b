using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The guide's monitoring: prometheus (monitors, rules), grafana (the dashboard; never its password), alertmanager (routing).</summary>
public class ChartGuideMonitoringTests
{
    private const string Production = "guide/production-values.yaml";
    private static readonly JsonObject ReleaseLabel = new() { ["targetLabel"] = "mplp_release", ["replacement"] = Release };

    [Fact]
    public async Task Template_GuideProduction_MonitorsScrapeModulesAndWorkersOfThisRelease()
    {
        var manifests = await TemplateAsync(Production);

        var services = manifests.Single("ServiceMonitor", Release)["spec"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"key": "mplp.io/module", "operator": "Exists"}]"""), services["selector"]!["matchExpressions"]));
        var modules = manifests.OfKind("Service").ToLookup(s => ComponentOf(s).StartsWith("module-", StringComparison.Ordinal));
        Assert.All(modules[true], s => Assert.Equal(ComponentOf(s)["module-".Length..], (string?)s["metadata"]!["labels"]!["mplp.io/module"]));
        // The guide's Redis Services serve no /metrics: the ServiceMonitor's selector must not reach them.
        Assert.NotEmpty(modules[false]);
        Assert.All(modules[false], s => Assert.Null(s["metadata"]!["labels"]!["mplp.io/module"]));
        var pods = manifests.Single("PodMonitor", $"{Release}-workers")["spec"]!;
        Assert.Equal(["worker-agent-results", "worker-durable"], pods["selector"]!["matchExpressions"]![0]!["values"]!.AsArray().Select(v => (string)v!).Order());
        foreach (var endpoint in new[] { services["endpoints"]![0]!, pods["podMetricsEndpoints"]![0]! })
        {
            Assert.Equal("/metrics", (string?)endpoint["path"]);
            Assert.Equal("30s", (string?)endpoint["interval"]);
            Assert.True(JsonNode.DeepEquals(ReleaseLabel, endpoint["relabelings"]![0]), endpoint.ToJsonString());
        }

        Assert.Equal("true", (string?)manifests.Single("ConfigMap", Release)["data"]!["Mplp__Observability__Metrics__Enabled"]);
    }

    [Fact]
    public async Task Template_GuideProduction_EveryAlertCarriesTheReleaseAndTheAlertmanagerConfigRoutesIt()
    {
        var manifests = await TemplateAsync(Production);

        var rules = manifests.Single("PrometheusRule", Release)["spec"]!["groups"]![0]!["rules"]!.AsArray();
        Assert.Equal(7, rules.Count);
        Assert.All(rules, r =>
        {
            Assert.Equal(Release, (string?)r!["labels"]!["mplp_release"]);
            Assert.Equal("mplp", (string?)r["labels"]!["namespace"]);
            Assert.Contains($@"mplp_release=""{Release}""", (string)r["expr"]!, StringComparison.Ordinal);
        });
        var config = manifests.Single("AlertmanagerConfig", Release)["spec"]!;
        Assert.Equal("monitoring.coreos.com/v1alpha1", (string?)manifests.Single("AlertmanagerConfig", Release)["apiVersion"]);
        Assert.Equal("mplp", (string?)config["route"]!["receiver"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""[{"name": "mplp_release", "matchType": "=", "value": "{{Release}}"}]"""), config["route"]!["matchers"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"name": "mplp"}]"""), config["receivers"]));
    }

    [Fact]
    public async Task Template_AlertmanagerReceiverWithAWebhook_IsTheRoutesReceiver()
    {
        var config = (await TemplateAsync(Production, "monitoring.alertmanager.receiver.name=oncall", "monitoring.alertmanager.receiver.webhookConfigs[0].url=https://hooks.example.com/mplp"))
            .Single("AlertmanagerConfig", Release)["spec"]!;

        Assert.Equal("oncall", (string?)config["route"]!["receiver"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"name": "oncall", "webhookConfigs": [{"url": "https://hooks.example.com/mplp"}]}]"""), config["receivers"]));
    }

    [Fact]
    public async Task Template_GuideProduction_DashboardForTheGrafanaSidecarAndThePasswordNowhere()
    {
        var manifests = await TemplateAsync(Production);

        Assert.Equal("1", (string?)manifests.Single("ConfigMap", $"{Release}-dashboard")["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.DoesNotContain(manifests.All, o => o.ToJsonString().Contains("secure-grafana-password", StringComparison.Ordinal));
        Assert.DoesNotContain(manifests.All, o => o["metadata"]!["name"]!.GetValue<string>().Contains("grafana", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notes_GuideProductionGrafanaPassword_SayItIsNotUsed()
    {
        var notes = await NotesAsync(Production);
        var without = await NotesAsync(Production, "monitoring.grafana.adminPassword=");

        Assert.Contains("monitoring.grafana.adminPassword is not used and was written nowhere", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("secure-grafana-password", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("adminPassword", without, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("monitoring.prometheus.enabled=false", "ServiceMonitor,PodMonitor,PrometheusRule")]
    [InlineData("monitoring.prometheus.rules.enabled=false", "PrometheusRule")]
    [InlineData("monitoring.grafana.enabled=false", "ConfigMap/dashboard")]
    [InlineData("monitoring.alertmanager.enabled=false", "AlertmanagerConfig")]
    public async Task Template_GuideProductionPartOff_OnlyItsObjectsAbsent(string set, string absent)
    {
        var all = Inventory(await TemplateAsync(Production));
        var partOff = Inventory(await TemplateAsync(Production, set));

        Assert.Equal(absent.Split(',').Order(), all.Except(partOff).Order());
    }

    [Fact]
    public async Task Template_GuideProductionMonitoringOff_NoMonitoringObjectAndNoMetrics()
    {
        var manifests = await TemplateAsync(Production, "monitoring.enabled=false");

        Assert.DoesNotContain(manifests.All, o => ((string)o["apiVersion"]!).StartsWith("monitoring.coreos.com", StringComparison.Ordinal));
        Assert.DoesNotContain(manifests.OfKind("ConfigMap"), c => Manifests.NameOf(c) == $"{Release}-dashboard");
        Assert.Null(manifests.Single("ConfigMap", Release)["data"]!["Mplp__Observability__Metrics__Enabled"]);
    }

    [Theory]
    [InlineData("monitoring.serviceMonitor.interval=30s", "serviceMonitor")]
    [InlineData("monitoring.prometheusRule.enabled=true", "prometheusRule")]
    [InlineData("monitoring.dashboard.enabled=true", "dashboard")]
    [InlineData("monitoring.alertmanager.receiver.slackConfig[0].channel=ops", "slackConfig")]
    public async Task Template_MonitoringKeyNotInTheGuidesShape_IsRefused(string set, string named)
    {
        var error = await RefusedAsync(Production, set);

        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    /// <summary>The monitoring objects, named by kind (and the dashboard ConfigMap apart from the settings one).</summary>
    private static HashSet<string> Inventory(Manifests manifests) =>
    [
        .. manifests.All.Where(o => ((string)o["apiVersion"]!).StartsWith("monitoring.coreos.com", StringComparison.Ordinal)).Select(o => (string)o["kind"]!),
        .. manifests.OfKind("ConfigMap").Where(c => Manifests.NameOf(c) == $"{Release}-dashboard").Select(_ => "ConfigMap/dashboard"),
    ];
}
