using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>Every value set lints, renders, and yields hardened pods with probes.</summary>
public class ChartValueSetsTests
{
    [Theory]
    [MemberData(nameof(ValueSets), MemberType = typeof(ChartRender))]
    public async Task Lint_ValueSet_PassesStrict(string valueFiles)
    {
        var result = await Helm.RunAsync(["lint", Repository.Chart, "--strict", .. ValueArguments(valueFiles)]);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Theory]
    [MemberData(nameof(ValueSets), MemberType = typeof(ChartRender))]
    public async Task Template_ValueSet_PodsRunNonRootReadOnlyWithoutCapabilities(string valueFiles)
    {
        var workloads = (await TemplateAsync(valueFiles)).OfKind("Deployment").ToList();

        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var name = Manifests.NameOf(workload);
            var pod = PodSpecOf(workload)["securityContext"]!;
            Assert.True((bool)pod["runAsNonRoot"]!, name);
            Assert.Equal(1001, (long)pod["runAsUser"]!);
            Assert.Equal("RuntimeDefault", (string?)pod["seccompProfile"]?["type"]);
            foreach (var container in PodSpecOf(workload)["containers"]!.AsArray())
            {
                var security = container!["securityContext"]!;
                Assert.True((bool)security["readOnlyRootFilesystem"]!, name);
                Assert.False((bool)security["allowPrivilegeEscalation"]!, name);
                Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
                Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string)m!["mountPath"]! == "/tmp");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets), MemberType = typeof(ChartRender))]
    public async Task Template_ValueSet_ProbesHealthAndReadiness(string valueFiles)
    {
        var manifests = await TemplateAsync(valueFiles);

        foreach (var deployment in manifests.OfKind("Deployment").Where(d => FunctionsOf(d).Count > 0))
        {
            var container = MainContainerOf(deployment);
            Assert.Equal("/health", (string?)container["livenessProbe"]?["httpGet"]?["path"]);
            Assert.Equal("/health", (string?)container["startupProbe"]?["httpGet"]?["path"]);
            Assert.Equal("/ready", (string?)container["readinessProbe"]?["httpGet"]?["path"]);
            Assert.Equal(8080, (long)container["ports"]![0]!["containerPort"]!);
            Assert.Equal(Release, (string)container["envFrom"]![0]!["configMapRef"]!["name"]!);
        }
    }

    [Fact]
    public async Task Template_HelmTest_ChecksHealthReadyAndEveryModuleThroughItsService()
    {
        var manifests = await TemplateAsync();

        var test = manifests.Single("Pod", $"{Release}-test-health");
        Assert.Equal("test", (string?)test["metadata"]!["annotations"]!["helm.sh/hook"]);
        var script = (string)test["spec"]!["containers"]![0]!["args"]![0]!;
        Assert.Contains($"http://{Release}-core:80/health", script, StringComparison.Ordinal);
        Assert.Contains($"http://{Release}-core:80/ready", script, StringComparison.Ordinal);
        foreach (var module in new[] { "context", "plan", "role", "confirm", "trace", "extension", "dialog", "collab", "core", "network" })
        {
            Assert.Contains($"http://{Release}-{module}:80/api/v1/{module}/health", script, StringComparison.Ordinal);
            manifests.Single("Service", $"{Release}-{module}");
        }
    }

    [Fact]
    public async Task Template_Production_ConfiguresAuthStorageAndImage()
    {
        var manifests = await TemplateAsync("values-production.yaml");

        var config = manifests.Single("ConfigMap", Release)["data"]!.AsObject();
        Assert.StartsWith("https://login.microsoftonline.com/", (string)config["Mplp__Auth__Authority"]!, StringComparison.Ordinal);
        Assert.Equal("api://mplp", (string?)config["Mplp__Auth__Audience"]);
        Assert.Equal("mplp-agent-results", (string?)config["Mplp__Agents__ResultsQueue"]);
        Assert.Equal("true", (string?)config["Mplp__Observability__Metrics__Enabled"]);
        var container = MainContainerOf(manifests.Single("Deployment", $"{Release}-plan"));
        Assert.Equal("myregistry.azurecr.io/mplp-functions:1.0.0", (string?)container["image"]);
        Assert.Equal("mplpprodstorage", EnvValue(container, "AzureWebJobsStorage__accountName"));
        Assert.Equal("https://mplpprodstorage.table.core.windows.net", EnvValue(container, "Mplp__Storage__TableServiceUri"));
        Assert.Null(EnvEntry(container, "AzureWebJobsStorage"));
        Assert.Equal("true", (string?)PodLabelsOf(manifests.Single("Deployment", $"{Release}-plan"))["azure.workload.identity/use"]);
        Assert.Equal("00000000-0000-0000-0000-000000000000", (string?)manifests.Single("ServiceAccount", Release)["metadata"]!["annotations"]!["azure.workload.identity/client-id"]);
    }

    [Fact]
    public async Task Template_GlobalRegistry_PrefixesTheImage()
    {
        var manifests = await TemplateAsync("", "global.imageRegistry=registry.example.com/", "mplp.image.tag=2.0.0");

        Assert.Equal("registry.example.com/mplp/mplp-functions:2.0.0", (string?)MainContainerOf(manifests.Single("Deployment", $"{Release}-core"))["image"]);
    }
}
