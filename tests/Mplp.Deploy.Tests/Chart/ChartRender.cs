using System.Text.Json.Nodes;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>Renders charts/mplp with helm as a user would install it, and reads the pods' function lists back.</summary>
public static class ChartRender
{
    public const string Release = "mplp";

    /// <summary>Value sets as docs/deployment.md installs them: the defaults, each file alone, and each overlay on production.</summary>
    public static TheoryData<string> ValueSets =>
    [
        "", "values-production.yaml", "values-ha.yaml", "values-multi-region.yaml", "values-security.yaml",
        "values-production.yaml,values-ha.yaml", "values-production.yaml,values-multi-region.yaml", "values-production.yaml,values-security.yaml",
    ];

    /// <summary>The deployment guide's four files in the guide's order, all layered (docs/deployment-guide, verbatim).</summary>
    public const string GuideLayered = "guide/production-values.yaml,guide/multi-region-values.yaml,guide/ha-values.yaml,guide/security-values.yaml";

    /// <summary>The deployment guide's files: each alone, and all four layered.</summary>
    public static TheoryData<string> GuideValueSets =>
    [
        "guide/production-values.yaml", "guide/multi-region-values.yaml", "guide/ha-values.yaml", "guide/security-values.yaml", GuideLayered,
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

    /// <summary>What NOTES.txt tells the user after an install (a client-side dry run: no cluster needed).</summary>
    public static async Task<string> NotesAsync(string valueFiles = "", params string[] sets)
    {
        var result = await Helm.RunAsync(["install", Release, Repository.Chart, "--dry-run=client", "--namespace", "mplp", .. ValueArguments(valueFiles), .. sets.SelectMany(s => new[] { "--set", s })]);
        Assert.True(result.ExitCode == 0, $"helm install --dry-run {valueFiles} failed: {result.Describe()}");
        Assert.Contains("NOTES:", result.Output, StringComparison.Ordinal);
        return result.Output[(result.Output.IndexOf("NOTES:", StringComparison.Ordinal) + "NOTES:".Length)..];
    }

    /// <summary>--values for each file: the chart's own value sets by name, the guide's as guide/&lt;file&gt;.</summary>
    public static IEnumerable<string> ValueArguments(string valueFiles) =>
        valueFiles.Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(f => new[] { "--values", PathOfValues(f) });

    private static string PathOfValues(string file) =>
        file.StartsWith("guide/", StringComparison.Ordinal)
            ? Repository.PathOf("docs", "deployment-guide", file["guide/".Length..])
            : Path.Combine(Repository.Chart, file);

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
