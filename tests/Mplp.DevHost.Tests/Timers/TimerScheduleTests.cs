using Mplp.DevHost.Timers;

namespace Mplp.DevHost.Tests.Timers;

public sealed class TimerScheduleTests
{
    private static readonly DateTime Noon = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("*/15 * * * * *", "2026-11-25T12:00:15", "2026-11-25T12:00:30")]
    [InlineData("0 */5 * * * *", "2026-11-25T12:05:00", "2026-11-25T12:10:00")]
    [InlineData("*/5 * * * *", "2026-11-25T12:05:00", "2026-11-25T12:10:00")]
    [InlineData("0 30 9,17 * * *", "2026-11-25T17:30:00", "2026-11-26T09:30:00")]
    [InlineData("0 0 9-10 * * MON-FRI", "2026-11-26T09:00:00", "2026-11-26T10:00:00")]
    [InlineData("0 0 0 1 JAN *", "2027-01-01T00:00:00", "2028-01-01T00:00:00")]
    [InlineData("  10 * * * * *  ", "2026-11-25T12:00:10", "2026-11-25T12:01:10")]
    public void Parse_CronWithOrWithoutSeconds_GivesItsOccurrencesInUtc(string expression, string first, string second)
    {
        var schedule = TimerSchedule.Parse(expression, TimeZoneInfo.Utc);

        var next = schedule.GetNextOccurrence(Noon);

        Assert.Equal(Utc(first), next);
        Assert.Equal(DateTimeKind.Utc, next.Kind);
        Assert.Equal(Utc(second), schedule.GetNextOccurrence(next));
    }

    [Fact]
    public void GetNextOccurrence_MidSecond_IsStrictlyLaterAndWhole()
    {
        var schedule = TimerSchedule.Parse("* * * * * *", TimeZoneInfo.Utc);

        Assert.Equal(Noon.AddSeconds(1), schedule.GetNextOccurrence(Noon.AddMilliseconds(400)));
        Assert.Equal(Noon.AddSeconds(1), schedule.GetNextOccurrence(Noon));
    }

    [Theory]
    [InlineData("00:00:30", 30)]
    [InlineData("01:00:00", 3600)]
    [InlineData("1.00:00:00", 86400)]
    public void Parse_TimeSpan_IsAnIntervalFromNow(string expression, int seconds)
    {
        var schedule = TimerSchedule.Parse(expression, TimeZoneInfo.Utc);

        Assert.Equal(Noon.AddSeconds(seconds), schedule.GetNextOccurrence(Noon));
    }

    [Theory]
    [InlineData("")]
    [InlineData("every minute")]
    [InlineData("61 * * * * *")]
    [InlineData("* * * *")]
    [InlineData("* * * * * * *")]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public void Parse_Garbage_Throws(string expression)
    {
        var refused = Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression, TimeZoneInfo.Utc));

        Assert.Contains("NCRONTAB", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetNextOccurrence_InAZone_ReadsWallClockThereAcrossDaylightSaving()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var nineDaily = TimerSchedule.Parse("0 0 9 * * *", berlin);

        Assert.Equal(Utc("2026-11-26T08:00:00"), nineDaily.GetNextOccurrence(Noon));
        Assert.Equal(Utc("2026-07-02T07:00:00"), nineDaily.GetNextOccurrence(Utc("2026-07-01T12:00:00")));
    }

    [Fact]
    public void GetNextOccurrence_WallClockTimeSkippedByDaylightSaving_DoesNotOccurThatDay()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var halfPastTwo = TimerSchedule.Parse("0 30 2 * * *", berlin);

        // 2026-03-29: clocks go from 02:00 to 03:00 in Berlin, so 02:30 does not exist that night.
        Assert.Equal(Utc("2026-03-30T00:30:00"), halfPastTwo.GetNextOccurrence(Utc("2026-03-28T12:00:00")));
    }

    private static DateTime Utc(string value)
        => DateTime.SpecifyKind(DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
