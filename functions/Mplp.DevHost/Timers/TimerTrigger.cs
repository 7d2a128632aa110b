using Mplp.DevHost.Configuration;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Timers;

/// <summary>A timer trigger binding as read from functions.metadata: <c>schedule</c> (with <c>%Setting%</c>
/// expressions resolved), <c>runOnStartup</c>, and the zone its cron fields are read in.</summary>
/// <remarks><c>useMonitor</c> is read past: the dev host keeps no schedule status between runs of the process.</remarks>
public sealed record TimerTrigger(TimerSchedule Schedule, bool RunOnStartup, TimeZoneInfo TimeZone)
{
    /// <exception cref="InvalidOperationException">No schedule, an unset setting, or a schedule that does not parse.</exception>
    public static TimerTrigger From(FunctionDescriptor function, IConfiguration configuration, TimeZoneInfo timeZone)
    {
        var binding = function.Trigger;
        try
        {
            var expression = BindingExpressions.Resolve(
                binding.GetString("schedule") ?? throw new InvalidOperationException("it has no schedule."),
                configuration);
            return new TimerTrigger(TimerSchedule.Parse(expression, timeZone), binding.GetBoolean("runOnStartup") ?? false, timeZone);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Function '{function.Name}': {e.Message}", e);
        }
    }

    /// <summary>The wall-clock time in the schedule's zone, which is what the host puts in <c>ScheduleStatus</c>.</summary>
    public DateTime ToZoneTime(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZone);

    public override string ToString()
        => $"schedule '{Schedule}' ({TimeZone.Id}){(RunOnStartup ? ", runs on start-up" : string.Empty)}";
}
