using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.OpenApi;

/// <summary>
/// Files these tests read from the repository itself (as <c>DevHostProcess</c> finds the dev host):
/// what the Worker SDK generated, the vendored OpenAPI 3.1 schemas, the official MPLP examples.
/// </summary>
internal static class TestFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The functions.metadata the dev host serves, built in this test run's configuration.</summary>
    public static string FunctionsMetadata => Path.Combine(DevHostApp, "functions.metadata");

    public static string HostJson => Path.Combine(DevHostApp, "host.json");

    public static string OpenApi31Schema(string file) => Path.Combine(Root.Value, "tests", "Mplp.Functions.Tests", "OpenApi", "OpenApi31", file);

    public static string ExamplesFolder => Path.Combine(Root.Value, "tests", "Mplp.Core.Tests", "Protocol", "Examples");

    /// <summary>The Functions app's source, whose HTTP functions the problem tests read.</summary>
    public static string FunctionsSource => Path.Combine(Root.Value, "functions", "Mplp.Functions");

    /// <summary>The repository's <c>./mplp</c> script.</summary>
    public static string MplpScript => Path.Combine(Root.Value, "mplp");

    public static JsonNode ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    private static string DevHostApp
    {
        get
        {
            // The test output folder is bin/<Configuration>/<tfm>/: the dev host was built the same way.
            var output = new DirectoryInfo(AppContext.BaseDirectory);
            return Path.Combine(Root.Value, "functions", "Mplp.DevHost", "bin", output.Parent!.Name, output.Name, "app");
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mplp.Functions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Tests must run inside the repository (Mplp.Functions.sln not found).");
    }
}
