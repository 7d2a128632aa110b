using Mplp.Core.Agents;
using Mplp.Core.Tests.Storage;

namespace Mplp.Core.Tests.Agents;

public sealed class AgentWorkLedgerTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    private AgentWorkLedger Ledger => new(storage.Database, TimeProvider.System);

    [Fact(Timeout = 30_000)]
    public async Task IssueAsync_EachAttempt_GetsAnUnguessableTokenOnlyItAccepts()
    {
        var first = await Ledger.IssueAsync(Work(), CancellationToken.None);
        var second = await Ledger.IssueAsync(Work(), CancellationToken.None);

        var issued = await Ledger.FindAsync(first.WorkId, CancellationToken.None);

        Assert.NotNull(issued);
        Assert.True(first.ClaimToken!.Length >= 43, "256 random bits");
        Assert.NotEqual(first.ClaimToken, second.ClaimToken);
        Assert.True(issued.Accepts(first.ClaimToken, first.ExecutionId));
        Assert.False(issued.Accepts(second.ClaimToken, first.ExecutionId));
        Assert.False(issued.Accepts(null, first.ExecutionId));
        Assert.False(issued.Accepts(first.ClaimToken, "plan-other"));
    }

    [Fact(Timeout = 30_000)]
    public async Task IssueAsync_RetriedDispatch_OnlyTheLatestTokenCounts()
    {
        var work = Work();
        var before = await Ledger.IssueAsync(work, CancellationToken.None);
        var retried = await Ledger.IssueAsync(work, CancellationToken.None);

        var issued = await Ledger.FindAsync(work.WorkId, CancellationToken.None);

        Assert.False(issued!.Accepts(before.ClaimToken, work.ExecutionId));
        Assert.True(issued.Accepts(retried.ClaimToken, work.ExecutionId));
    }

    [Fact(Timeout = 30_000)]
    public async Task FindAsync_WorkNeverHandedOut_IsNull()
        => Assert.Null(await Ledger.FindAsync(Guid.NewGuid(), CancellationToken.None));

    private static WorkItem Work() => new(
        AgentProtocol.Version, WorkItem.PlanStep, Guid.NewGuid(), $"plan-{Guid.NewGuid()}", Guid.NewGuid(), 1, "coder", "do it",
        DateTimeOffset.UtcNow.AddMinutes(5), "correlation", null, "results");
}
