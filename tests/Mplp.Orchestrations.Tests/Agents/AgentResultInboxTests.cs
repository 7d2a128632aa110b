using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Mplp.Core.Agents;
using Mplp.Orchestrations.Agents;

namespace Mplp.Orchestrations.Tests.Agents;

/// <summary>
/// How the inbox hands a checked result to its execution, on the in-memory Durable backend: an
/// orchestration that waits for one result stands in for a plan execution or a collab session.
/// (The queue side, a malformed message ending in the poison queue, is tested against the host.)
/// </summary>
public sealed class AgentResultInboxTests : IAsyncLifetime
{
    private const string Waiter = "AwaitOneResult";
    private readonly Guid _workId = Guid.NewGuid();
    private readonly string _executionId = $"execution-{Guid.NewGuid()}";
    private DurableTaskTestHost _host = null!;

    public async Task InitializeAsync()
        => _host = await DurableTaskTestHost.StartAsync(tasks =>
            tasks.AddOrchestratorFunc<Guid, AgentResult>(Waiter, async (context, workId) => await context.WaitForExternalEvent<AgentResult>(workId.ToString())));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task DeliverAsync_RunningExecution_RaisesTheResultWithoutItsClaimToken()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await StartWaitingAsync(timeout.Token);

        var delivered = await AgentResultInbox.DeliverAsync(_host.Client, Result(), timeout.Token);

        var done = await _host.Client.WaitForInstanceCompletionAsync(_executionId, getInputsAndOutputs: true, timeout.Token);
        var received = done.ReadOutputAs<AgentResult>()!;
        Assert.True(delivered);
        Assert.Equal((_workId, AgentResult.Completed), (received.WorkId, received.Status));
        Assert.Null(received.ClaimToken);
    }

    [Fact(Timeout = 60_000)]
    public async Task DeliverAsync_NoSuchExecution_IsFalse()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.False(await AgentResultInbox.DeliverAsync(_host.Client, Result(), timeout.Token));
    }

    [Fact(Timeout = 60_000)]
    public async Task DeliverAsync_EndedExecution_IsFalse_ALateResultChangesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await StartWaitingAsync(timeout.Token);
        await AgentResultInbox.DeliverAsync(_host.Client, Result(), timeout.Token);
        await _host.Client.WaitForInstanceCompletionAsync(_executionId, timeout.Token);

        Assert.False(await AgentResultInbox.DeliverAsync(_host.Client, Result() with { Status = AgentResult.Failed }, timeout.Token));
    }

    private async Task StartWaitingAsync(CancellationToken cancellationToken)
    {
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(Waiter, _workId, new StartOrchestrationOptions(_executionId), cancellationToken);
        await _host.Client.WaitForInstanceStartAsync(_executionId, cancellationToken);
    }

    private AgentResult Result() => new(AgentProtocol.Version, _workId, _executionId, AgentResult.Completed, null, null, ClaimToken: "the attempt's token");
}
