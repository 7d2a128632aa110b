using System.Text.Json.Nodes;

namespace Mplp.Deploy.Tests.Bicep;

/// <summary>Runs the bicep CLI over infra/bicep and reads the compiled ARM JSON back.</summary>
public static class BicepBuild
{
    public static readonly string Folder = Repository.PathOf("infra", "bicep");

    public static Task<JsonObject> MainAsync() => RunAsync(["build", Path.Combine(Folder, "main.bicep"), "--stdout"]);

    public static async Task<JsonObject> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var result = await Processes.RunAsync(Repository.BicepPath, arguments, environment);
        Assert.True(result.ExitCode == 0, result.Describe());
        return JsonNode.Parse(result.Output)!.AsObject();
    }

    /// <summary>Resources the template and every nested module template declare (not the existing ones they refer to).</summary>
    public static IEnumerable<JsonObject> ResourcesOf(JsonObject template)
    {
        foreach (var resource in OwnResourcesOf(template).Where(r => r["existing"]?.GetValue<bool>() != true))
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in ResourcesOf(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The one resource of a type, in the template or a module.</summary>
    public static JsonObject Single(JsonObject template, string type) =>
        ResourcesOf(template).Single(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The compiled template of a module (a nested deployment) by its name in main.bicep.</summary>
    public static JsonObject Module(JsonObject template, string name) =>
        OwnResourcesOf(template).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name);

    private static IEnumerable<JsonObject> OwnResourcesOf(JsonObject template) => template["resources"] switch
    {
        JsonArray list => list.Select(r => r!.AsObject()),
        JsonObject named => named.Select(p => p.Value!.AsObject()),
        _ => [],
    };
}
