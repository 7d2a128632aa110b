using System.Diagnostics;
using Mplp.DevHost.Tests.Hosting;
using Xunit.Abstractions;

namespace Mplp.DevHost.Tests.Durable;

/// <summary>
/// Orchestrations run on the Azure Storage backend, so a waiting orchestration survives the dev
/// host dying or stopping. Each test has its own task hub and restarts its own fixture host.
/// </summary>
public sealed class DurableBackendTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, string> _settings = new()
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionString,
        ["DevHost__HubName"] = Azurite.UniqueName("DevHostDurable"),
        ["FixtureWorkQueue"] = Azurite.UniqueName("dwork-"),
        ["FixtureFailQueue"] = Azurite.UniqueName("dfail-"),
        ["FixtureRecordQueue"] = Azurite.UniqueName("drecord-"),
        ["FixtureForwardQueue"] = Azurite.UniqueName("dforward-"),

        // Timers off (as the Functions host's switch does), so they add no storage traffic to the timings here.
        ["AzureWebJobs.EverySecond.Disabled"] = "true",
        ["AzureWebJobs.OnStartup.Disabled"] = "1",
    };

    private bool _storageReachable;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Azurite.EnsureReachableAsync(timeout.Token);
        _storageReachable = true;
    }

    public async Task DisposeAsync()
    {
        if (!_storageReachable)
        {
            return;
        }

        await TaskHubs.DeleteAsync(_settings["DevHost__HubName"]);
        foreach (var queue in new[] { _settings["FixtureWorkQueue"], _settings["FixtureFailQueue"], _settings["FixtureRecordQueue"], _settings["FixtureForwardQueue"] })
        {
            await Azurite.Queue(queue).DeleteIfExistsAsync();
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Approval_HostKilledWhileWaiting_CompletesAfterRestart()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(110));
        string instanceId;
        await using (var first = await StartAsync(_settings, cancellation.Token))
        {
            using var api = new FixtureApi(first.BaseAddress);
            instanceId = await api.StartAsync("Approval", new { subject = "Kim" }, cancellation.Token);
            await api.WaitForAsync(instanceId, s => s.CustomStatus == "\"waiting\"", StepTimeout, cancellation.Token);
            await first.KillAsync();
        }

        var status = await RestartAndApproveAsync(_settings, instanceId, "after kill", cancellation.Token);

        Assert.Equal("Completed", status.RuntimeStatus);
        Assert.Equal("\"Hello, Kim! approved\"", status.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task Host_Sigterm_StopsWithinFiveSecondsAndTheOrchestrationResumes()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(110));
        string instanceId;
        TimeSpan stopped;
        await using (var first = await StartAsync(_settings, cancellation.Token))
        {
            using var api = new FixtureApi(first.BaseAddress);
            instanceId = await api.StartAsync("Approval", new { subject = "Lee" }, cancellation.Token);
            await api.WaitForAsync(instanceId, s => s.CustomStatus == "\"waiting\"", StepTimeout, cancellation.Token);
            stopped = await first.TerminateAsync(cancellation.Token);
            output.WriteLine($"SIGTERM to exit: {stopped.TotalMilliseconds:0} ms");
            Assert.Contains("Mplp dev host stopped in", first.Output, StringComparison.Ordinal);
        }

        var status = await RestartAndApproveAsync(_settings, instanceId, "after SIGTERM", cancellation.Token);

        Assert.True(stopped < TimeSpan.FromSeconds(5), $"The dev host took {stopped} to stop.");
        Assert.Equal("\"Hello, Lee! approved\"", status.Output);
    }

    private async Task<OrchestrationStatus> RestartAndApproveAsync(
        Dictionary<string, string> settings, string instanceId, string after, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var second = await StartAsync(settings, cancellationToken);
        output.WriteLine($"Restart {after} to listening: {clock.ElapsedMilliseconds} ms");
        using var api = new FixtureApi(second.BaseAddress);
        await api.RaiseAsync(instanceId, "Decision", "approved", cancellationToken);
        var status = await api.WaitForAsync(instanceId, s => s.IsTerminal, StepTimeout, cancellationToken);
        output.WriteLine($"Restart {after} to completed: {clock.ElapsedMilliseconds} ms");

        // Seconds, not the ~30 s of waiting for another worker's partition leases to expire: the
        // restarted host has the same worker id and takes its leases back at once.
        Assert.True(clock.Elapsed < ResumeBound, $"Resuming {after} took {clock.Elapsed}.");
        return status;
    }

    private static Task<DevHostChildProcess> StartAsync(Dictionary<string, string> settings, CancellationToken cancellationToken)
        => DevHostChildProcess.StartAsync(BuiltHosts.FixtureHost, settings, cancellationToken);

}
