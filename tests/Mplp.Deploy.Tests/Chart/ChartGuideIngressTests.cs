using System.Text.Json.Nodes;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The guide's ingress (the common shape): its class, annotations, host and TLS as written; the public API routed by module, never /metrics.</summary>
public class ChartGuideIngressTests
{
    /// <summary>Every public path of the platform and the module serving it (files/functions.yaml, plus each module's health).</summary>
    private static readonly Dictionary<string, string> PublicRoutes = new()
    {
        ["Prefix /api/v1"] = "core",
        ["Prefix /health"] = "core",
        ["Prefix /ready"] = "core",
        ["Prefix /mcp"] = "core",
        ["Prefix /.well-known/oauth-protected-resource"] = "core",
        ["Prefix /console"] = "core",
        ["Prefix /api/v1/contexts"] = "context",
        ["Prefix /api/v1/plans"] = "plan",
        ["Prefix /api/v1/roles"] = "role",
        ["Prefix /api/v1/permissions"] = "role",
        ["Prefix /api/v1/api-keys"] = "role",
        ["Prefix /api/v1/confirms"] = "confirm",
        ["Prefix /api/v1/traces"] = "trace",
        ["Prefix /api/v1/extensions"] = "extension",
        ["Prefix /api/v1/dialogs"] = "dialog",
        ["Prefix /api/v1/collabs"] = "collab",
        ["Prefix /api/v1/networks"] = "network",
        ["Prefix /api/v1/regions"] = "network",
        ["Exact /api/v1/context/health"] = "context",
        ["Exact /api/v1/plan/health"] = "plan",
        ["Exact /api/v1/role/health"] = "role",
        ["Exact /api/v1/confirm/health"] = "confirm",
        ["Exact /api/v1/trace/health"] = "trace",
        ["Exact /api/v1/extension/health"] = "extension",
        ["Exact /api/v1/dialog/health"] = "dialog",
        ["Exact /api/v1/collab/health"] = "collab",
        ["Exact /api/v1/core/health"] = "core",
        ["Exact /api/v1/network/health"] = "network",
    };

    [Fact]
    public async Task Template_GuideProduction_IngressAsTheGuideWritesIt()
    {
        var ingress = (await TemplateAsync("guide/production-values.yaml")).Single("Ingress", Release);

        Assert.Equal("nginx", (string?)ingress["spec"]!["ingressClassName"]);
        var annotations = new JsonObject
        {
            ["cert-manager.io/cluster-issuer"] = "letsencrypt-prod",
            ["nginx.ingress.kubernetes.io/ssl-redirect"] = "true",
            ["nginx.ingress.kubernetes.io/force-ssl-redirect"] = "true",
            ["nginx.ingress.kubernetes.io/proxy-buffering"] = "off",
            ["nginx.ingress.kubernetes.io/proxy-read-timeout"] = "3600",
            ["nginx.ingress.kubernetes.io/proxy-send-timeout"] = "3600",
        };
        Assert.True(JsonNode.DeepEquals(annotations, ingress["metadata"]!["annotations"]), ingress["metadata"]!["annotations"]!.ToJsonString());
        var tls = JsonNode.Parse("""[{"secretName": "mplp-tls", "hosts": ["api.mplp.example.com"]}]""");
        Assert.True(JsonNode.DeepEquals(tls, ingress["spec"]!["tls"]), ingress["spec"]!["tls"]!.ToJsonString());
        var rule = Assert.Single(ingress["spec"]!["rules"]!.AsArray())!;
        Assert.Equal("api.mplp.example.com", (string?)rule["host"]);
        Assert.Equal(PublicRoutes.ToDictionary(r => r.Key, r => $"{Release}-{r.Value}"), RoutesOf(rule));
        Assert.DoesNotContain(RoutesOf(rule).Keys, r => IsUnder("/metrics", r));
    }

    [Fact]
    public async Task Template_IngressHostExposingOnePath_RoutesOnlyThatPath()
    {
        var ingress = (await TemplateAsync("", "ingress.enabled=true", "ingress.hosts[0].host=plans.example.com", "ingress.hosts[0].paths[0].path=/api/v1/plans")).Single("Ingress", Release);

        var rule = ingress["spec"]!["rules"]![0]!;
        Assert.Equal("plans.example.com", (string?)rule["host"]);
        Assert.Equal(new Dictionary<string, string> { ["Prefix /api/v1/plans"] = $"{Release}-plan" }, RoutesOf(rule));
    }

    [Theory]
    [InlineData("/api/v1/plans/", "Prefix", "Prefix /api/v1/plans", "plan")]
    [InlineData("/api/v1/roles/reports", "Prefix", "Prefix /api/v1/roles/reports", "role")]
    [InlineData("/api/v1/openapi.json", "Exact", "Exact /api/v1/openapi.json", "core")]
    [InlineData("/api/v1/plan/health", "Prefix", "Exact /api/v1/plan/health", "plan")]
    public async Task Template_IngressHostExposingAPathInsideAModule_RoutesItToThatModule(string path, string pathType, string route, string module)
    {
        var ingress = (await TemplateAsync("", "ingress.enabled=true", $"ingress.hosts[0].paths[0].path={path}", $"ingress.hosts[0].paths[0].pathType={pathType}")).Single("Ingress", Release);

        Assert.Equal(new Dictionary<string, string> { [route] = $"{Release}-{module}" }, RoutesOf(ingress["spec"]!["rules"]![0]!));
    }

    [Fact]
    public async Task Template_IngressHostPathsOverlapping_EachRouteOnce()
    {
        var ingress = (await TemplateAsync("", "ingress.enabled=true", "ingress.hosts[0].paths[0].path=/", "ingress.hosts[0].paths[1].path=/api", "ingress.hosts[0].paths[2].path=/api/v1/plans")).Single("Ingress", Release);

        var paths = ingress["spec"]!["rules"]![0]!["http"]!["paths"]!.AsArray();
        Assert.Equal(PublicRoutes.Count, paths.Count);
        Assert.Null(ingress["spec"]!["rules"]![0]!["host"]);  // no host: every host
    }

    [Fact]
    public async Task Template_IngressHostExposingNoPublicPath_IsRefused()
    {
        var error = await RefusedAsync("", "ingress.enabled=true", "ingress.hosts[0].host=metrics.example.com", "ingress.hosts[0].paths[0].path=/metrics");

        Assert.Contains("\"metrics.example.com\"", error, StringComparison.Ordinal);
        Assert.Contains("expose none of the platform's public paths", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_NginxIngress_EventStreamsPassUnbufferedAndStayOpen()
    {
        var ingress = (await TemplateAsync("", "ingress.enabled=true", "ingress.streamTimeoutSeconds=7200")).Single("Ingress", Release);

        var annotations = ingress["metadata"]!["annotations"]!;
        Assert.Equal("off", (string?)annotations["nginx.ingress.kubernetes.io/proxy-buffering"]);
        Assert.Equal("7200", (string?)annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]);
        Assert.Equal("7200", (string?)annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]);
    }

    [Fact]
    public async Task Template_IngressAnnotationsOrAnotherClass_WinOverTheStreamDefaults()
    {
        var own = (await TemplateAsync("", "ingress.enabled=true", "ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/proxy-buffering=on")).Single("Ingress", Release);
        var traefik = (await TemplateAsync("", "ingress.enabled=true", "ingress.className=traefik")).Single("Ingress", Release);

        Assert.Equal("on", (string?)own["metadata"]!["annotations"]!["nginx.ingress.kubernetes.io/proxy-buffering"]);
        Assert.Null(traefik["metadata"]!["annotations"]);
    }

    [Fact]
    public async Task Template_IngressOff_NoIngress()
    {
        Assert.Empty((await TemplateAsync("guide/production-values.yaml", "ingress.enabled=false")).OfKind("Ingress"));
    }

    private static Dictionary<string, string> RoutesOf(JsonNode rule) =>
        rule["http"]!["paths"]!.AsArray().ToDictionary(p => $"{p!["pathType"]} {p["path"]}", p => (string)p!["backend"]!["service"]!["name"]!);

    /// <summary>Whether a request for path reaches the route "pathType path".</summary>
    private static bool IsUnder(string path, string route) => route.Split(' ') switch
    {
        ["Exact", var exact] => path == exact,
        [_, var prefix] => path == prefix || path.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal),
        _ => false,
    };
}
