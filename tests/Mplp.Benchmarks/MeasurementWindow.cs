using System.Diagnostics;

namespace Mplp.Benchmarks;

/// <summary>
/// Warm-up, then the measured window. A request counts when it started inside the window; users
/// start none after it, and those in flight at its end still count (their latency is real), so
/// the measured time runs until the last of them completes.
/// </summary>
public sealed class MeasurementWindow
{
    private readonly long _measureFrom;
    private readonly long _stopAt;

    private MeasurementWindow(long measureFrom, long stopAt)
    {
        _measureFrom = measureFrom;
        _stopAt = stopAt;
    }

    public static MeasurementWindow StartNow(TimeSpan warmup, TimeSpan duration)
    {
        var now = Stopwatch.GetTimestamp();
        var measureFrom = now + ToTimestampTicks(warmup);
        return new MeasurementWindow(measureFrom, measureFrom + ToTimestampTicks(duration));
    }

    public bool IsOver => Stopwatch.GetTimestamp() >= _stopAt;

    public bool Counts(long startedTimestamp) => startedTimestamp >= _measureFrom && startedTimestamp < _stopAt;

    /// <summary>From the window's start until now: call once every user has stopped.</summary>
    public TimeSpan MeasuredSoFar() => Stopwatch.GetElapsedTime(_measureFrom);

    private static long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
