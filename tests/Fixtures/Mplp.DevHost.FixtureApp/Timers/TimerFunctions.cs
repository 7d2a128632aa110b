using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Mplp.DevHost.FixtureApp.Timers;

/// <summary>Timer-triggered functions; each run is written to the queue named by <c>FixtureTimerQueue</c>,
/// where the tests read when and how the functions ran.</summary>
public static class TimerFunctions
{
    /// <summary>How long a run of <see cref="EverySecond"/> takes: longer than its interval, so runs would overlap if the host let them.</summary>
    public static readonly TimeSpan RunDuration = TimeSpan.FromMilliseconds(1500);

    [Function("EverySecond")]
    [QueueOutput("%FixtureTimerQueue%")]
    public static async Task<string> EverySecond([TimerTrigger("* * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        await Task.Delay(RunDuration, cancellationToken);
        return Record("EverySecond", timer, started);
    }

    /// <summary>Hourly (from a setting), so in a test run it only runs because of <c>RunOnStartup</c>.</summary>
    [Function("OnStartup")]
    [QueueOutput("%FixtureTimerQueue%")]
    public static string OnStartup([TimerTrigger("%FixtureHourly%", RunOnStartup = true, UseMonitor = false)] TimerInfo timer)
        => Record("OnStartup", timer, DateTime.UtcNow);

    private static string Record(string function, TimerInfo timer, DateTime started)
        => JsonSerializer.Serialize(new TimerRun(function, started, DateTime.UtcNow, timer.IsPastDue, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next));
}

public sealed record TimerRun(string Function, DateTime Started, DateTime Ended, bool IsPastDue, DateTime? Last, DateTime? Next);
