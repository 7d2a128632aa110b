using System.Diagnostics;
using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>
/// The Redis pods' start-up scripts (templates/redis/scripts.yaml, as the chart renders them) run
/// against Debian's redis-server: three pods, each a redis and a sentinel, on loopback addresses of
/// their own (the addresses stand for the pods' DNS names). After a failover, the old master's pod
/// restarts as a replica of the promoted one, because it asks the sentinels before assuming it is master.
/// </summary>
public sealed class ChartRedisStartupTests : IAsyncLifetime
{
    // Quotes, a backslash and a space: the scripts must quote it in redis.conf and sentinel.conf.
    private const string Password = "p\"w\\d x";
    private static readonly int[] Pods = [1, 2, 3];

    private readonly string _directory = Directory.CreateTempSubdirectory("mplp-redis-pods-").FullName;

    // A /24 of the loopback range of this run's own: concurrent runs do not share ports.
    private readonly string _network = $"127.{Random.Shared.Next(2, 250)}.{Random.Shared.Next(1, 250)}";
    private readonly Dictionary<(int Pod, string Container), Process> _containers = [];

    [Fact]
    public async Task StartRedis_AfterAFailover_TheOldMasterFollowsThePromotedReplica()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var config = (await TemplateAsync("guide/production-values.yaml,guide/ha-values.yaml")).Single("ConfigMap", $"{Release}-redis-scripts")["data"]!.AsObject();
        WriteShims();
        foreach (var pod in Pods)
        {
            WritePod(pod, config.ToDictionary(p => p.Key, p => (string)p.Value!));
        }

        // The first start: no sentinel answers yet, so pod 1 (the master StatefulSet's) starts as master.
        var noSentinel = $"{_network}.9";
        foreach (var pod in Pods)
        {
            Start(pod, "redis", noSentinel);
            Start(pod, "sentinel", noSentinel);
        }

        await UntilAsync(async () => Field(await CliAsync(Address(2), 26379, "sentinel", "master", "mplp"), "num-slaves") == "2", "the sentinels see two replicas", timeout.Token);
        await UntilAsync(async () => Field(await CliAsync(Address(2), 26379, "sentinel", "master", "mplp"), "num-other-sentinels") == "2", "the sentinels see each other", timeout.Token);
        Assert.Equal(Address(1), await MasterAsync());
        Assert.Equal("OK", await CliAsync(Address(1), 6379, "set", "written-before", "the-failover"));
        Assert.Equal("2", await CliAsync(Address(1), 6379, "wait", "2", "5000"));  // on both replicas before the master dies

        // The master's redis container dies; the sentinels promote a replica.
        _containers[(1, "redis")].Kill(entireProcessTree: true);
        await UntilAsync(async () => await MasterAsync() != Address(1), "a replica is promoted", timeout.Token);
        var promoted = await MasterAsync();

        // It restarts, reaching the sentinels of the ready pods (the sentinel Service), and is a replica
        // from its first answer: a master, even until the sentinels convert it, would take writes that
        // the resync then drops.
        Start(1, "redis", Address(2));
        await UntilAsync(async () => await CliAsync(Address(1), 6379, "ping") == "PONG", "the old master answers", timeout.Token);
        Assert.Contains("role:slave", await CliAsync(Address(1), 6379, "info", "replication"), StringComparison.Ordinal);
        await UntilAsync(
            async () => (await CliAsync(Address(1), 6379, "info", "replication")) is var info
                && info.Contains("role:slave", StringComparison.Ordinal)
                && info.Contains($"master_host:{promoted}", StringComparison.Ordinal)
                && info.Contains("master_link_status:up", StringComparison.Ordinal),
            "the old master replicates from the promoted one",
            timeout.Token);
        Assert.Equal("the-failover", await CliAsync(Address(1), 6379, "get", "written-before"));
        Assert.Equal(promoted, await MasterAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var container in _containers.Values)
        {
            container.Kill(entireProcessTree: true);
            await container.WaitForExitAsync();
            container.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private string Address(int pod) => $"{_network}.{pod}";

    private async Task<string> MasterAsync() =>
        (await CliAsync(Address(2), 26379, "sentinel", "get-master-addr-by-name", "mplp")).Split('\n')[0];

    /// <summary>
    /// hostname answers the network part (the scripts append REDIS_HEADLESS, here the pod's number), getent
    /// accepts the addresses, and redis-server binds the pod's address, which a pod's own network gives it.
    /// </summary>
    private void WriteShims()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the pods' scripts run with sh and Debian's redis-server");
        }

        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        var redis = new[] { "/usr/bin", "/usr/local/bin" }.Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is missing: ./mplp test installs it (apt-get install redis-server)");
        var shims = new Dictionary<string, string>
        {
            ["hostname"] = $"echo {_network}",
            ["getent"] = "echo \"$2\"",
            ["redis-server"] = $"exec {redis} \"$1\" --bind \"$BIND\" --logfile \"$LOG\"",
            ["redis-sentinel"] = $"exec {redis} \"$1\" --sentinel --bind \"$BIND\" --logfile \"$LOG\"",
        };
        foreach (var (name, body) in shims)
        {
            var path = Path.Combine(bin, name);
            File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>A pod's volumes (scripts, config emptyDirs, data) as folders of its own, written before any of its containers runs.</summary>
    private void WritePod(int pod, Dictionary<string, string> scripts)
    {
        var root = Path.Combine(_directory, $"pod{pod}");
        foreach (var folder in new[] { "run-redis", "run-sentinel", "data" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        foreach (var (name, text) in scripts)
        {
            File.WriteAllText(Path.Combine(root, name), text
                .Replace("/scripts/", $"{root}/", StringComparison.Ordinal)
                .Replace("/run/redis", $"{root}/run-redis", StringComparison.Ordinal)
                .Replace("/run/sentinel", $"{root}/run-sentinel", StringComparison.Ordinal)
                .Replace("dir /data", $"dir {root}/data", StringComparison.Ordinal));
        }
    }

    /// <summary>Starts one container of a pod with the environment the StatefulSet gives it.</summary>
    private void Start(int pod, string container, string sentinelService)
    {
        var root = Path.Combine(_directory, $"pod{pod}");
        var start = new ProcessStartInfo("sh", [Path.Combine(root, $"start-{container}.sh")])
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PATH"] = $"{Path.Combine(_directory, "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
                ["BIND"] = Address(pod),
                ["LOG"] = Path.Combine(root, $"{container}.log"),
                ["REDIS_PASSWORD"] = Password,
                ["REDIS_HEADLESS"] = $"{pod}",
                ["REDIS_FIRST_MASTER"] = Address(1),
                ["SENTINEL"] = "true",
                ["SENTINEL_SERVICE"] = sentinelService,
                ["SENTINEL_MASTER_SET"] = "mplp",
                ["SENTINEL_QUORUM"] = "2",
                ["PERSISTENCE"] = "true",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"pod {pod} {container} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _containers[(pod, container)] = process;
    }

    private static async Task<string> CliAsync(string host, int port, params string[] command)
    {
        var result = await Processes.RunAsync("redis-cli", ["-h", host, "-p", $"{port}", "--raw", .. command], new Dictionary<string, string?> { ["REDISCLI_AUTH"] = Password });
        return result.Output.Trim();
    }

    /// <summary>A field of SENTINEL MASTER's reply (names and values on alternate lines).</summary>
    private static string? Field(string reply, string name)
    {
        var lines = reply.Split('\n');
        var index = Array.IndexOf(lines, name);
        return index >= 0 && index + 1 < lines.Length ? lines[index + 1] : null;
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                var logs = Directory.EnumerateFiles(_directory, "*.log", SearchOption.AllDirectories)
                    .Select(f => $"--- {Path.GetRelativePath(_directory, f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(15))}");
                throw new TimeoutException($"timed out waiting until {what}\n{string.Join('\n', logs)}");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }
}
