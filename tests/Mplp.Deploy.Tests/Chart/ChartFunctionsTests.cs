using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The chart serves the app's functions (functions.metadata) on the Deployments their kind belongs to.</summary>
public class ChartFunctionsTests
{
    /// <summary>Probes, module health and metrics answer in every pod (kubelet, the helm test and Prometheus ask each Deployment).</summary>
    private static readonly string[] EveryPod = ["Health", "Ready", "ModuleHealth", "Metrics"];

    /// <summary>What each entity module's Deployment serves, by function name prefix.</summary>
    private static readonly Dictionary<string, string[]> ModulePrefixes = new()
    {
        ["context"] = ["Contexts_"],
        ["plan"] = ["Plans_"],
        ["role"] = ["Roles_", "Permissions_", "ApiKeys_"],
        ["confirm"] = ["Confirms_"],
        ["trace"] = ["Traces_"],
        ["extension"] = ["Extensions_"],
        ["dialog"] = ["Dialogs_"],
        ["collab"] = ["Collabs_"],
        ["network"] = ["Networks_"],
        ["core"] = ["Core_", "OpenApi_", "Agents_", "Events_", "Mcp", "Console_"],
    };

    [Fact]
    public async Task Template_DefaultValues_ServesEveryFunctionExactlyOnce()
    {
        var deployments = (await TemplateAsync()).OfKind("Deployment").ToDictionary(Manifests.NameOf, FunctionsOf);

        var unknown = deployments.SelectMany(d => d.Value).Distinct().Except(Repository.Functions.Keys).ToList();
        Assert.True(unknown.Count == 0, $"the chart runs functions the app does not have: {string.Join(", ", unknown)}");
        foreach (var (name, functions) in deployments)
        {
            Assert.True(functions.Count == functions.Distinct().Count(), $"{name} lists a function twice: {string.Join(", ", functions)}");
            Assert.All(EveryPod, f => Assert.Contains(f, functions));
        }

        var misplaced = Repository.Functions.Keys.Except(EveryPod)
            .Select(f => (Function: f, ServedBy: deployments.Where(d => d.Value.Contains(f)).Select(d => d.Key).ToList()))
            .Where(f => f.ServedBy.Count != 1)
            .Select(f => $"{f.Function} is served by [{string.Join(", ", f.ServedBy)}]")
            .ToList();
        Assert.True(misplaced.Count == 0, $"every function needs exactly one Deployment (place it in charts/mplp/files/functions.yaml): {string.Join("; ", misplaced)}");
    }

    [Fact]
    public async Task Template_ModuleDeployments_RunOnlyTheirModulesFunctions()
    {
        var manifests = await TemplateAsync();

        foreach (var (module, prefixes) in ModulePrefixes)
        {
            var deployment = manifests.Single("Deployment", $"{Release}-{module}");
            Assert.Equal($"module-{module}", ComponentOf(deployment));
            var own = FunctionsOf(deployment).Except(EveryPod).ToList();
            Assert.NotEmpty(own);
            Assert.All(own, f => Assert.True(prefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal)), $"{module} runs {f}"));
            Assert.All(own, f => Assert.Contains(Repository.Functions[f], (string[])["httpTrigger", "timerTrigger"]));
        }
    }

    [Fact]
    public async Task Template_Workers_RunTheDurableAndQueueFunctions()
    {
        var manifests = await TemplateAsync();
        var durable = FunctionsOf(manifests.Single("Deployment", $"{Release}-durable")).Except(EveryPod);
        var results = FunctionsOf(manifests.Single("Deployment", $"{Release}-agent-results")).Except(EveryPod);

        Assert.Equal(NamesWith("orchestrationTrigger", "activityTrigger"), durable.Order());
        Assert.Equal(NamesWith("queueTrigger"), results.Order());
    }

    [Fact]
    public async Task Template_ModuleDisabled_LeavesNoDeploymentServiceOrRoute()
    {
        var manifests = await TemplateAsync("", "mplp.modules.dialog.enabled=false", "ingress.enabled=true", "autoscaling.enabled=true");

        Assert.DoesNotContain(manifests.All, o => Manifests.NameOf(o) == $"{Release}-dialog");
        var paths = manifests.Single("Ingress", Release)["spec"]!["rules"]![0]!["http"]!["paths"]!.AsArray().Select(p => (string)p!["path"]!);
        Assert.DoesNotContain("/api/v1/dialogs", paths);
        Assert.Contains("/api/v1/contexts", paths);
        var testScript = (string)manifests.Single("Pod", $"{Release}-test-health")["spec"]!["containers"]![0]!["args"]![0]!;
        Assert.DoesNotContain("/api/v1/dialog/health", testScript, StringComparison.Ordinal);
        Assert.Equal(9, manifests.OfKind("Deployment").Count(d => ComponentOf(d).StartsWith("module-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Template_ModuleDisabled_CoreAnswersItsRoutesAsDisabled()
    {
        var disabled = await TemplateAsync("", "mplp.modules.dialog.enabled=false", "mplp.modules.network.enabled=false", "autoscaling.enabled=true");
        var control = await TemplateAsync();

        Assert.DoesNotContain(disabled.All, o => Manifests.NameOf(o) is $"{Release}-dialog" or $"{Release}-network");
        var core = FunctionsOf(disabled.Single("Deployment", $"{Release}-core"));
        Assert.Equal(ModuleFunctions("Dialogs_", "Networks_").Where(f => Repository.Functions[f] == "httpTrigger"), core.Where(f => f.StartsWith("Dialogs_", StringComparison.Ordinal) || f.StartsWith("Networks_", StringComparison.Ordinal)).Order());
        // A disabled module's timer runs nowhere: core takes only its routes.
        Assert.DoesNotContain("Networks_MarkUnreachable", disabled.OfKind("Deployment").SelectMany(FunctionsOf));
        var config = disabled.Single("ConfigMap", Release)["data"]!;
        Assert.Equal("dialog", (string?)config["Mplp__Modules__Disabled__0"]);
        Assert.Equal("network", (string?)config["Mplp__Modules__Disabled__1"]);
        Assert.Null(control.Single("ConfigMap", Release)["data"]!["Mplp__Modules__Disabled__0"]);
        Assert.DoesNotContain(FunctionsOf(control.Single("Deployment", $"{Release}-core")), f => f.StartsWith("Dialogs_", StringComparison.Ordinal));
    }

    private static IEnumerable<string> ModuleFunctions(params string[] prefixes) =>
        Repository.Functions.Keys.Where(f => prefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal))).Order();

    private static IEnumerable<string> NamesWith(params string[] triggers) =>
        Repository.Functions.Where(f => triggers.Contains(f.Value)).Select(f => f.Key).Order();
}
