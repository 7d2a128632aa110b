namespace Mplp.DevHost.Tests.Hosting;

/// <summary>Where the dev host exes were built: beside this test project's output, in the same configuration.</summary>
public static class BuiltHosts
{
    public static string FixtureHost => Find("tests", "Fixtures", "Mplp.DevHost.FixtureHost", "Mplp.DevHost.FixtureHost.dll");

    public static string ProductHost => Find("functions", "Mplp.DevHost", "Mplp.DevHost.dll");

    /// <summary>The app folder the build copies next to a host (functions.metadata, host.json).</summary>
    public static string AppDirectoryOf(string hostAssembly) => Path.Combine(Path.GetDirectoryName(hostAssembly)!, "app");

    private static string Find(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mplp.Functions.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Run the tests inside the repository: Mplp.Functions.sln is not above the test output.");
        }

        // This output is bin/<Configuration>/<tfm>/; the hosts were built the same way.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var project = parts[..^1];
        var path = Path.Combine([directory.FullName, .. project, "bin", output.Parent!.Name, output.Name, parts[^1]]);
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: a dev host is missing.", path);
    }
}
