using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Mplp.DevHost.Timers;

namespace Mplp.DevHost.Tests.Timers;

public sealed class TimerArgumentsTests
{
    private static readonly TimerTick Tick = new(
        Last: new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
        Next: new DateTime(2026, 11, 25, 12, 0, 15, DateTimeKind.Utc),
        LastUpdated: new DateTime(2026, 11, 25, 12, 0, 0, 5, DateTimeKind.Utc),
        IsPastDue: true);

    [Fact]
    public void Convert_TimerInfo_GetsScheduleStatusAndPastDue()
    {
        var timer = Assert.IsType<TimerInfo>(TimerArguments.Convert(Tick, typeof(TimerInfo)));

        Assert.True(timer.IsPastDue);
        Assert.Equal(Tick.Last, timer.ScheduleStatus!.Last);
        Assert.Equal(Tick.Next, timer.ScheduleStatus.Next);
        Assert.Equal(Tick.LastUpdated, timer.ScheduleStatus.LastUpdated);
    }

    [Fact]
    public void Convert_String_IsTheJsonTheHostSends()
    {
        using var json = JsonDocument.Parse(Assert.IsType<string>(TimerArguments.Convert(Tick, typeof(string))));

        Assert.True(json.RootElement.GetProperty("IsPastDue").GetBoolean());
        Assert.Equal("2026-11-25T12:00:15Z", json.RootElement.GetProperty("ScheduleStatus").GetProperty("Next").GetString());
    }
}
