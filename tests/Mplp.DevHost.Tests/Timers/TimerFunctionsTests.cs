using Mplp.DevHost.Tests.Hosting;

namespace Mplp.DevHost.Tests.Timers;

/// <summary>The fixture's timer functions through the dev host: EverySecond takes 1.5 s a run, OnStartup runs hourly and on start-up.</summary>
[Collection(FixtureHostCollection.Name)]
public sealed class TimerFunctionsTests(FixtureHostFixture fixture)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 60_000)]
    public async Task EverySecond_RunLongerThanTheInterval_RunsRepeatedlyWithoutOverlap()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(50));

        var runs = await TimerRuns.WaitForAsync(fixture, "EverySecond", runs: 3, WaitTimeout, cancellation.Token);

        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].Started >= runs[i - 1].Ended, $"run {i} started at {runs[i].Started:o}, before run {i - 1} ended at {runs[i - 1].Ended:o}");

            // Last is the previous run's occurrence, a whole second; Next was the occurrence after it.
            Assert.True(runs[i].Last > runs[i - 1].Last);
            Assert.Equal(0, runs[i].Last!.Value.Millisecond);
            Assert.Equal(TimeSpan.FromSeconds(1), runs[i - 1].Next - runs[i].Last);
        }

        Assert.Contains("  EverySecond: timerTrigger schedule '* * * * * *' (UTC)", fixture.Host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task OnStartup_RunOnStartup_RunsThoughItsScheduleIsHourly()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(50));

        var run = (await TimerRuns.WaitForAsync(fixture, "OnStartup", runs: 1, WaitTimeout, cancellation.Token))[0];

        Assert.False(run.IsPastDue);
        Assert.Equal(0, run.Next!.Value.Minute);
        Assert.Equal(0, run.Next.Value.Second);
        Assert.Contains("  OnStartup: timerTrigger schedule '0 0 * * * *' (UTC), runs on start-up", fixture.Host.Output, StringComparison.Ordinal);
    }
}
