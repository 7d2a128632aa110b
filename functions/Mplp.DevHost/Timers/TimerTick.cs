using System.Text.Json;

namespace Mplp.DevHost.Timers;

/// <summary>
/// What a timer function receives, in the JSON shape the Functions host sends the worker
/// (<c>TimerInfo</c>: <c>ScheduleStatus</c> with <c>Last</c>, <c>Next</c>, <c>LastUpdated</c>; <c>IsPastDue</c>).
/// Times are wall-clock times of the schedule's zone, as the host's are.
/// </summary>
internal sealed record TimerTick(DateTime Last, DateTime Next, DateTime LastUpdated, bool IsPastDue)
{
    public string ToJson() => JsonSerializer.Serialize(new
    {
        ScheduleStatus = new { Last, Next, LastUpdated },
        IsPastDue,
    });
}
