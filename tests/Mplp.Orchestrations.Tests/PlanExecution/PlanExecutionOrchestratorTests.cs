using Mplp.Core.Agents;
using Mplp.Core.Modules.Plans;
using Mplp.Orchestrations.PlanExecution;
using static Mplp.Orchestrations.Tests.PlanExecution.PlanExecutionHarness;

namespace Mplp.Orchestrations.Tests.PlanExecution;

public sealed class PlanExecutionOrchestratorTests
{
    [Fact(Timeout = 90_000)]
    public async Task OneAtATime_StepsStartByOrderIndex()
    {
        PlanStep third = Step(2), first = Step(0), second = Step(1), fourth = Step(3);
        await using var harness = await StartAsync([third, first, fourth, second], _ => AgentResult.Completed);

        var state = await harness.ExecuteAsync(maxParallel: 1);

        Assert.Equal("completed", state.Status);
        Assert.Equal([first.StepId, second.StepId, third.StepId, fourth.StepId], harness.Dispatched.Select(d => d.Step.StepId));
        Assert.Equal(1, harness.MostOutstanding);
        Assert.Equal("completed", harness.PlanStatus);
    }

    [Fact(Timeout = 90_000)]
    public async Task ParallelLimit_IsNeverExceeded_AndIsUsed()
    {
        PlanStep[] steps = [Step(0), Step(1), Step(2), Step(3), Step(4)];
        await using var harness = await StartAsync(steps, _ => AgentResult.Completed);

        await harness.ExecuteAsync(maxParallel: 2);

        Assert.Equal(2, harness.MostOutstanding);
        Assert.Equal(5, harness.Dispatched.Count);
    }

    [Fact(Timeout = 90_000)]
    public async Task DependentStep_WaitsForItsDependency()
    {
        var build = Step(1);
        var test = Step(0, "tester", build);
        await using var harness = await StartAsync([test, build], _ => AgentResult.Completed);

        await harness.ExecuteAsync();

        Assert.Equal([build.StepId, test.StepId], harness.Dispatched.Select(d => d.Step.StepId));
        Assert.Equal("tester", harness.Dispatched.Last().Step.AgentRole);
    }

    [Fact(Timeout = 90_000)]
    public async Task FailedAttempt_IsRetried_ThenSucceeds()
    {
        var step = Step(0);
        await using var harness = await StartAsync([step], d => d.Attempt == 1 ? AgentResult.Failed : AgentResult.Completed);

        var state = await harness.ExecuteAsync(maxAttempts: 3);

        Assert.Equal("completed", state.Status);
        Assert.Equal([1, 2], harness.Dispatched.Select(d => d.Attempt));
    }

    [Fact(Timeout = 90_000)]
    public async Task SilentAgent_TimesOut_AndTheAttemptIsRepeated()
    {
        var step = Step(0);
        await using var harness = await StartAsync([step], d => d.Attempt == 1 ? null : AgentResult.Completed);

        var state = await harness.ExecuteAsync(stepTimeout: TimeSpan.FromSeconds(1));

        Assert.Equal("completed", state.Status);
        Assert.Equal([1, 2], harness.Dispatched.Select(d => d.Attempt));
    }

    [Fact(Timeout = 90_000)]
    public async Task StepOutOfAttempts_FailsThePlan_BlocksDependents_OthersStillRun()
    {
        var broken = Step(0);
        var dependent = Step(1, "builder", broken);
        var transitive = Step(2, "builder", dependent);
        var independent = Step(3);
        await using var harness = await StartAsync([broken, dependent, transitive, independent],
            d => d.Step.StepId == broken.StepId ? AgentResult.Failed : AgentResult.Completed);

        var state = await harness.ExecuteAsync(maxAttempts: 2);

        Assert.Equal("failed", state.Status);
        Assert.Equal(PlanSchedule.Failed, harness.StepStatus[broken.StepId]);
        Assert.Equal(PlanSchedule.Blocked, harness.StepStatus[dependent.StepId]);
        Assert.Equal(PlanSchedule.Blocked, harness.StepStatus[transitive.StepId]);
        Assert.Equal(PlanSchedule.Completed, harness.StepStatus[independent.StepId]);
        Assert.Equal(2, harness.Dispatched.Count(d => d.Step.StepId == broken.StepId));
        Assert.Equal("failed", harness.PlanStatus);
    }

    [Fact(Timeout = 90_000)]
    public async Task DuplicateResults_ChangeNothing()
    {
        PlanStep[] steps = [Step(0), Step(1), Step(2)];
        await using var harness = await StartAsync(steps, _ => AgentResult.Completed);
        harness.AnswerTwice = true;

        var state = await harness.ExecuteAsync(maxParallel: 1);

        Assert.Equal("completed", state.Status);
        Assert.Equal(3, harness.Dispatched.Count);
        Assert.Equal(3, state.Completed);
    }

    [Fact(Timeout = 90_000)]
    public async Task Cancel_SkipsUnfinishedSteps_AndCancelsThePlan()
    {
        var waiting = Step(0);
        var later = Step(1, "builder", waiting);
        await using var harness = await StartAsync([waiting, later], _ => null);

        var state = await harness.ExecuteAsync(stepTimeout: TimeSpan.FromMinutes(10), whileRunning: () =>
        {
            SpinWait.SpinUntil(() => !harness.Dispatched.IsEmpty, TimeSpan.FromSeconds(30));
            harness.Client.RaiseEventAsync(PlanExecutionOrchestrator.InstanceIdOf(harness.PlanId), PlanExecutionOrchestrator.CancelEvent, "cancel").GetAwaiter().GetResult();
        });

        Assert.Equal("cancelled", state.Status);
        Assert.Equal("cancelled", harness.PlanStatus);
        Assert.All(harness.StepStatus.Values, s => Assert.Equal(PlanSchedule.Skipped, s));
    }
}
