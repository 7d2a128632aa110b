using Azure.Storage.Queues;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Tests.Hosting;

/// <summary>
/// The fixture host as a child process with queues and a task hub of its own, shared by the tests
/// of <see cref="FixtureHostCollection"/>. Other runs and test classes use other names, so all can
/// share one Azurite.
/// </summary>
public sealed class FixtureHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public string WorkQueue { get; } = Azurite.UniqueName("work-");

    public string FailQueue { get; } = Azurite.UniqueName("fail-");

    public string RecordQueue { get; } = Azurite.UniqueName("record-");

    public string ForwardQueue { get; } = Azurite.UniqueName("forward-");

    /// <summary>Where the fixture's timer functions record their runs.</summary>
    public string TimerQueue { get; } = Azurite.UniqueName("timer-");

    public string HubName { get; } = Azurite.UniqueName("DevHostTest");

    public DevHostChildProcess Host { get; private set; } = null!;

    public FixtureApi Api { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionString,
        ["DevHost__HubName"] = HubName,
        ["FixtureWorkQueue"] = WorkQueue,
        ["FixtureFailQueue"] = FailQueue,
        ["FixtureRecordQueue"] = RecordQueue,
        ["FixtureForwardQueue"] = ForwardQueue,
        ["FixtureTimerQueue"] = TimerQueue,
        ["FixtureHourly"] = "0 0 * * * *",
    };

    public static IReadOnlyList<FunctionMetadata> Metadata
        => FunctionMetadata.Load(BuiltHosts.AppDirectoryOf(BuiltHosts.FixtureHost));

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await Azurite.EnsureReachableAsync(timeout.Token);
        Host = await DevHostChildProcess.StartAsync(BuiltHosts.FixtureHost, Settings, timeout.Token);
        Api = new FixtureApi(Host.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (Host is null)
        {
            // Never started (storage unreachable): nothing to clean up.
            return;
        }

        await Host.DisposeAsync();

        foreach (var queue in new[] { WorkQueue, FailQueue, FailQueue + "-poison", RecordQueue, ForwardQueue, TimerQueue })
        {
            await Azurite.Queue(queue).DeleteIfExistsAsync();
        }

        await TaskHubs.DeleteAsync(HubName);
    }

    /// <summary>Resolves the <c>%Setting%</c> queue name of a queue-triggered fixture function.</summary>
    public QueueClient TriggerQueueOf(FunctionMetadata function)
    {
        var name = function.Trigger.GetString("queueName")!;
        return Azurite.Queue(name.StartsWith('%') ? Settings[name.Trim('%')] : name);
    }
}

[CollectionDefinition(Name)]
public sealed class FixtureHostCollection : ICollectionFixture<FixtureHostFixture>
{
    public const string Name = "Fixture host";
}
