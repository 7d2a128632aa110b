using System.Text.Json.Nodes;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>Renders charts/mplp with helm as a user would install it, and reads the pods' function lists back.</summary>
public static class ChartRender
{
    public const string Release = "mplp";

    /// <summary>Value sets as the README installs them: the defaults, each file alone, and each overlay on production.</summary>
    public static TheoryData<string> ValueSets =>
    [
        "", "values-production.yaml", "values-ha.yaml", "values-multi-region.yaml", "values-security.yaml",
        "values-production.yaml,values-ha.yaml", "values-production.yaml,values-multi-region.yaml", "values-production.yaml,values-security.yaml",
    ];

    public static async Task<Manifests> TemplateAsync(string valueFiles = "", params string[] sets)
    {
        var result = await Helm.RunAsync(TemplateArguments(valueFiles, sets));
        Assert.True(result.ExitCode == 0, $"helm template {valueFiles} {string.Join(' ', sets)} failed: {result.Describe()}");
        return Manifests.Parse(result.Output);
    }

    /// <summary>The error of a render that must be refused.</summary>
    public static async Task<string> RefusedAsync(string valueFiles = "", params string[] sets)
    {
        var result = await Helm.RunAsync(TemplateArguments(valueFiles, sets));
        Assert.True(result.ExitCode != 0, $"helm template {string.Join(' ', sets)} rendered, but should have been refused");
        return result.Error;
    }

    public static IEnumerable<string> ValueArguments(string valueFiles) =>
        valueFiles.Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(f => new[] { "--values", Path.Combine(Repository.Chart, f) });

    private static IEnumerable<string> TemplateArguments(string valueFiles, string[] sets) =>
        ["template", Release, Repository.Chart, "--namespace", "mplp", .. ValueArguments(valueFiles), .. sets.SelectMany(s => new[] { "--set", s })];

    public static JsonObject PodSpecOf(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject PodLabelsOf(JsonObject workload) => workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    public static JsonObject MainContainerOf(JsonObject workload) => PodSpecOf(workload)["containers"]![0]!.AsObject();

    public static string? EnvValue(JsonObject container, string name) =>
        container["env"]?.AsArray().Select(e => e!.AsObject()).FirstOrDefault(e => (string?)e["name"] == name)?["value"]?.GetValue<string>();

    public static JsonObject? EnvEntry(JsonObject container, string name) =>
        container["env"]?.AsArray().Select(e => e!.AsObject()).FirstOrDefault(e => (string?)e["name"] == name);

    /// <summary>The functions a Deployment's host runs (AzureFunctionsJobHost__functions__N), in order.</summary>
    public static IReadOnlyList<string> FunctionsOf(JsonObject deployment) =>
    [
        .. (MainContainerOf(deployment)["env"]?.AsArray() ?? [])
            .Select(e => e!.AsObject())
            .Where(e => ((string)e["name"]!).StartsWith("AzureFunctionsJobHost__functions__", StringComparison.Ordinal))
            .OrderBy(e => int.Parse(((string)e["name"]!)["AzureFunctionsJobHost__functions__".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(e => (string)e["value"]!),
    ];

    public static string ComponentOf(JsonObject o) => (string?)o["metadata"]!["labels"]?["app.kubernetes.io/component"] ?? "";
}
