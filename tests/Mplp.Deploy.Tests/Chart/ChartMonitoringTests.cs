using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mplp.Core.Modules;
using Mplp.Core.Observability;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The seed's alerts and the dashboard, over metric names the app really exposes.</summary>
public partial class ChartMonitoringTests
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    /// <summary>Every name /metrics can serve: the app's own constants, so a renamed metric fails here.</summary>
    private static readonly HashSet<string> Exposed =
    [
        .. new[] { typeof(MplpMetrics), typeof(PlatformGauges), typeof(DatabasePoolGauges) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.GetRawConstantValue() is string s && s.StartsWith("mplp_", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!),
        .. MplpModules.All.Select(m => MplpMetrics.ModuleOperations(m.Name)),
    ];

    private static readonly string[] Histograms = [MplpMetrics.HttpRequestDuration, MplpMetrics.ApprovalProcessingTime];

    [Fact]
    public async Task Template_Monitoring_AlertsAreTheSeeds()
    {
        var rules = (await TemplateAsync("values-production.yaml")).Single("PrometheusRule", Release)["spec"]!["groups"]![0]!["rules"]!.AsArray()
            .ToDictionary(r => (string)r!["alert"]!, r => (Expr: (string)r!["expr"]!, For: (string)r["for"]!));

        Assert.Equal(["MplpAuthFailures", "MplpDatabaseConnectionsHigh", "MplpHighErrorRate", "MplpHighLatency", "MplpPlanExecutionFailures", "MplpRbacViolations", "MplpServiceDown"], rules.Keys.Order());
        Assert.EndsWith("== 0", rules["MplpServiceDown"].Expr, StringComparison.Ordinal);
        Assert.Matches(@"status=~""5\.\.""\}\[5m\]\)\) / sum\(rate\(mplp_http_requests_total.*> 0\.05$", rules["MplpHighErrorRate"].Expr);
        Assert.Equal("5m", rules["MplpHighErrorRate"].For);
        Assert.StartsWith("histogram_quantile(0.95,", rules["MplpHighLatency"].Expr, StringComparison.Ordinal);
        Assert.EndsWith("> 1", rules["MplpHighLatency"].Expr, StringComparison.Ordinal);
        Assert.Equal("5m", rules["MplpHighLatency"].For);
        Assert.EndsWith("> 10", rules["MplpAuthFailures"].Expr, StringComparison.Ordinal);
        Assert.EndsWith("> 1", rules["MplpRbacViolations"].Expr, StringComparison.Ordinal);
        Assert.EndsWith("> 0.8", rules["MplpDatabaseConnectionsHigh"].Expr, StringComparison.Ordinal);
        Assert.All(rules.Values, r => Assert.Contains(@"namespace=""mplp""", r.Expr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Template_Monitoring_RulesAndDashboardUseOnlyExposedMetrics()
    {
        var manifests = await TemplateAsync("", "monitoring.enabled=true");
        var expressions = manifests.Single("PrometheusRule", Release)["spec"]!["groups"]![0]!["rules"]!.AsArray().Select(r => (string)r!["expr"]!)
            .Concat(DashboardExpressions(manifests)).ToList();

        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => BaseName(m.Value))).ToHashSet();
        Assert.Empty(used.Except(Exposed));
        // And the other way round: every metric the app exposes is on the dashboard.
        var charted = DashboardExpressions(manifests).SelectMany(e => MetricName().Matches(e).Select(m => BaseName(m.Value))).ToHashSet();
        Assert.Empty(Exposed.Except(charted));
    }

    [Fact]
    public async Task Template_Telemetry_OtlpAndAzureMonitorAndAServiceNamePerDeployment()
    {
        var manifests = await TemplateAsync("", "monitoring.otlpEndpoint=http://otel-collector.monitoring:4317", "monitoring.azureMonitorSecret=appinsights");

        Assert.Equal("http://otel-collector.monitoring:4317", (string?)manifests.Single("ConfigMap", Release)["data"]!["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var plan = MainContainerOf(manifests.Single("Deployment", $"{Release}-plan"));
        Assert.Equal("mplp-module-plan", EnvValue(plan, "OTEL_SERVICE_NAME"));
        Assert.Equal("appinsights", (string?)EnvEntry(plan, "APPLICATIONINSIGHTS_CONNECTION_STRING")!["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal("mplp-worker-durable", EnvValue(MainContainerOf(manifests.Single("Deployment", $"{Release}-durable")), "OTEL_SERVICE_NAME"));
    }

    private static IEnumerable<string> DashboardExpressions(Manifests manifests)
    {
        var dashboard = JsonNode.Parse((string)manifests.Single("ConfigMap", $"{Release}-dashboard")["data"]!["mplp.json"]!)!;
        Assert.Equal("mplp-functions", (string?)dashboard["uid"]);
        return dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!);
    }

    private static string BaseName(string metric) =>
        HistogramSuffixes.Where(s => metric.EndsWith(s, StringComparison.Ordinal)).Select(s => metric[..^s.Length]).FirstOrDefault(Histograms.Contains) ?? metric;

    /// <summary>A metric name: mplp_ not followed by a label matcher (mplp_release="..." is a label).</summary>
    [GeneratedRegex(@"\bmplp_[a-z_]+\b(?!\s*[=!])")]
    private static partial Regex MetricName();
}
