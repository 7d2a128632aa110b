namespace Mplp.Benchmarks;

/// <summary>Exact percentiles (nearest rank) over every sample, in milliseconds.</summary>
public sealed record LatencySummary(double P50, double P95, double P99, double Max)
{
    public static readonly LatencySummary Empty = new(double.NaN, double.NaN, double.NaN, double.NaN);

    public static LatencySummary Of(List<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return Empty;
        }

        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        return new LatencySummary(Rank(sorted, 50), Rank(sorted, 95), Rank(sorted, 99), Millis(sorted[^1]));
    }

    // Nearest rank: the smallest sample with at least p % of the samples at or below it.
    private static double Rank(long[] sorted, double percentile)
        => Millis(sorted[Math.Max(0, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)]);

    private static double Millis(long ticks) => TimeSpan.FromTicks(ticks).TotalMilliseconds;
}

/// <summary>The measured requests of one kind (or of a whole scenario), merged over all users.</summary>
public sealed record KindResult(string Kind, long Requests, long Errors, double RequestsPerSecond, LatencySummary Latency, IReadOnlyList<string> ErrorSamples);

/// <summary>A scenario's outcome: per kind, and all its requests together.</summary>
public sealed record ScenarioResult(string Scenario, string Description, int Connections, TimeSpan Measured, IReadOnlyList<KindResult> Kinds, KindResult Total);
