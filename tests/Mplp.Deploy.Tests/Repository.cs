using System.Reflection;
using System.Text.Json.Nodes;

namespace Mplp.Deploy.Tests;

/// <summary>Paths the build wrote into the test assembly: the repository, the Functions app's metadata, bicep.</summary>
public static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Chart { get; } = Path.Combine(Root, "charts", "mplp");

    public static string BicepPath { get; } = Metadata("BicepPath");

    /// <summary>Every function of the Functions app and its trigger type, as its SDK generated them at build.</summary>
    public static IReadOnlyDictionary<string, string> Functions { get; } = ReadFunctions();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static Dictionary<string, string> ReadFunctions()
    {
        var functions = JsonNode.Parse(File.ReadAllText(Metadata("FunctionsMetadata")))!.AsArray();
        return functions.ToDictionary(
            f => f!["name"]!.GetValue<string>(),
            f => f!["bindings"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()).Single(t => t.EndsWith("Trigger", StringComparison.Ordinal)));
    }

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The build did not record {key}: build with 'dotnet build' (./mplp test does).");
}
