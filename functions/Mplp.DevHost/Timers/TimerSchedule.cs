using System.Globalization;
using NCrontab;

namespace Mplp.DevHost.Timers;

/// <summary>
/// A timer trigger's schedule, read as the Functions host reads it: an NCRONTAB expression with
/// seconds (6 fields) or without (5), else a <see cref="TimeSpan"/> interval such as <c>00:00:30</c>.
/// </summary>
public abstract class TimerSchedule
{
    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>, in UTC.</summary>
    public abstract DateTime GetNextOccurrence(DateTime afterUtc);

    /// <param name="expression">The schedule, its <c>%Setting%</c> expressions already resolved.</param>
    /// <param name="timeZone">Where a cron expression's wall-clock fields are read; intervals ignore it.</param>
    /// <exception cref="FormatException">Neither a cron expression nor a positive interval.</exception>
    public static TimerSchedule Parse(string expression, TimeZoneInfo timeZone)
    {
        var trimmed = expression.Trim();

        // The host's own rule: anything but 5 fields is tried as cron with seconds.
        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5 };
        if (CrontabSchedule.TryParse(trimmed, options) is { } cron)
        {
            return new CronSchedule(cron, timeZone, trimmed);
        }

        if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new IntervalSchedule(interval);
        }

        throw new FormatException(
            $"The schedule '{expression}' is neither an NCRONTAB expression ('second minute hour day month day-of-week' or 'minute hour day month day-of-week') nor a positive interval (hh:mm:ss).");
    }

    private sealed class CronSchedule(CrontabSchedule cron, TimeZoneInfo timeZone, string expression) : TimerSchedule
    {
        public override DateTime GetNextOccurrence(DateTime afterUtc)
        {
            var local = DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(afterUtc, timeZone), DateTimeKind.Unspecified);
            do
            {
                local = cron.GetNextOccurrence(local);
            }

            // A wall-clock time that a daylight-saving jump skips does not occur that day.
            while (timeZone.IsInvalidTime(local));
            return TimeZoneInfo.ConvertTimeToUtc(local, timeZone);
        }

        public override string ToString() => expression;
    }

    /// <summary>Like the host's constant schedule: the interval counts from when it is asked, that is after the last run.</summary>
    private sealed class IntervalSchedule(TimeSpan interval) : TimerSchedule
    {
        public override DateTime GetNextOccurrence(DateTime afterUtc) => afterUtc + interval;

        public override string ToString() => interval.ToString("c", CultureInfo.InvariantCulture);
    }
}
