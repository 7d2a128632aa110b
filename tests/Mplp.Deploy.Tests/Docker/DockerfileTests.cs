using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mplp.Deploy.Tests.Chart;

namespace Mplp.Deploy.Tests.Docker;

/// <summary>
/// The image cannot be built here (no Docker engine), so the Dockerfile is held to the repository
/// and to the chart: what it copies exists, every project the app needs is copied, and the user,
/// port and paths are the ones the chart's pods expect.
/// </summary>
public partial class DockerfileTests
{
    private static readonly string[] Lines = JoinContinuations(File.ReadAllLines(Repository.PathOf("infra", "docker", "Dockerfile")));

    [Fact]
    public void Copy_FromTheBuildContext_NamesOnlyPathsThatExist()
    {
        var sources = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.True(Path.Exists(Repository.PathOf(s.TrimEnd('/'))), $"COPY {s}: not in the repository"));
    }

    [Fact]
    public void Copy_EveryProjectTheAppAndAgentBuildFrom()
    {
        var copied = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)).SelectMany(l => l.Split(' ')).ToHashSet();
        var projects = ProjectClosure(Repository.PathOf("functions", "Mplp.Functions", "Mplp.Functions.csproj"))
            .Concat(ProjectClosure(Repository.PathOf("functions", "Mplp.ReferenceAgent", "Mplp.ReferenceAgent.csproj")))
            .Select(p => Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(p)!) + "/")
            .Distinct();

        Assert.All(projects, p => Assert.True(copied.Contains(p), $"the Dockerfile does not copy {p}, which the app builds from"));
    }

    [Fact]
    public void Publish_TheFunctionsAppIntoTheHostsScriptRoot()
    {
        Assert.Contains(Lines, l => l.Contains("dotnet publish functions/Mplp.Functions/Mplp.Functions.csproj -c Release", StringComparison.Ordinal) && l.Contains("-o /out/wwwroot", StringComparison.Ordinal));
        Assert.Contains("COPY --from=build --chown=0:0 /out/wwwroot /home/site/wwwroot", Lines);
        Assert.Contains(Lines, l => l.Contains("AzureWebJobsScriptRoot=/home/site/wwwroot", StringComparison.Ordinal));
        Assert.Contains(Lines, l => l.StartsWith("ARG FUNCTIONS_IMAGE=mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0", StringComparison.Ordinal));
        Assert.Contains(Lines, l => l.StartsWith("ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Image_RunsAsTheChartsUserOnTheChartsPort()
    {
        var manifests = await ChartRender.TemplateAsync();
        var deployment = manifests.Single("Deployment", $"{ChartRender.Release}-core");
        var user = (long)ChartRender.PodSpecOf(deployment)["securityContext"]!["runAsUser"]!;
        var port = (long)ChartRender.MainContainerOf(deployment)["ports"]![0]!["containerPort"]!;

        Assert.Contains($"USER {user}:{user}", Lines);
        Assert.Contains($"EXPOSE {port}", Lines);
        Assert.Contains(Lines, l => l.Contains($"ASPNETCORE_URLS=http://+:{port}", StringComparison.Ordinal));
        Assert.Contains(Lines, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.Contains($"/dev/tcp/127.0.0.1/{port}", StringComparison.Ordinal) && l.Contains("GET /health", StringComparison.Ordinal));
        // A read-only root: the host writes only to the emptyDirs the chart mounts.
        var mounts = ChartRender.MainContainerOf(deployment)["volumeMounts"]!.AsArray().Select(m => (string)m!["mountPath"]!);
        Assert.Equal(["/azure-functions-host/Secrets", "/tmp"], mounts.Order());
        Assert.Contains(Lines, l => l.Contains("HOME=/tmp", StringComparison.Ordinal) && l.Contains("AzureWebJobsSecretStorageType=files", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Image_ShipsTheReferenceAgentWhereAgentPoolsRunIt()
    {
        var manifests = await ChartRender.TemplateAsync("", "mplp.agentPools[0].name=echo", "mplp.agentPools[0].role=echo");
        var command = ChartRender.MainContainerOf(manifests.Single("Deployment", $"{ChartRender.Release}-agent-echo"))["command"]!.AsArray().Select(c => (string)c!).ToList();

        Assert.Equal("dotnet", command[0]);
        Assert.Equal("/opt/mplp/agent/Mplp.ReferenceAgent.dll", command[1]);
        Assert.Contains(Lines, l => l.Contains("dotnet publish functions/Mplp.ReferenceAgent/Mplp.ReferenceAgent.csproj", StringComparison.Ordinal) && l.Contains("-o /out/agent", StringComparison.Ordinal));
        Assert.Contains("COPY --from=build --chown=0:0 /out/agent /opt/mplp/agent", Lines);
    }

    [Fact]
    public void DockerIgnore_KeepsLocalStateAndBuildOutputOut()
    {
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore")).Where(l => l.Length > 0 && l[0] != '#').ToHashSet();

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".mplp/", "node_modules/", "**/local.settings.json", ".git/" }, ignored);
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        yield return project;
        var references = XDocument.Load(project).Descendants("ProjectReference").Select(r => (string)r.Attribute("Include")!);
        foreach (var reference in references)
        {
            foreach (var inner in ProjectClosure(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference))))
            {
                yield return inner;
            }
        }
    }

    private static string[] JoinContinuations(string[] lines) =>
        [.. Continuation().Replace(string.Join('\n', lines.Where(l => !l.TrimStart().StartsWith('#'))), " ").Split('\n').Select(l => Spaces().Replace(l.Trim(), " "))];

    [GeneratedRegex(@"\s*\\\n\s*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
