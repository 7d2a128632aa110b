using System.Globalization;

namespace Mplp.Benchmarks;

/// <summary>Writes the results as plain text: one table per scenario, then the targets.</summary>
public static class Report
{
    private const string RowFormat = "  {0,-14} {1,9} {2,7} {3,10} {4,8} {5,8} {6,8} {7,8}";

    public static void Header(BenchOptions options)
    {
        Console.WriteLine($"mplp bench: {options.Url.OriginalString.TrimEnd('/')} | {options.Connections} connections | {Seconds(options.Duration)} measured after {Seconds(options.Warmup)} warm-up");
        // The URL is loopback: whatever the numbers say, the server had the machine minus this process.
        Console.WriteLine($"note: this load generator shares the machine's {Environment.ProcessorCount} cores with the server and its services.");
    }

    public static void Scenario(ScenarioResult result)
    {
        Console.WriteLine();
        Console.WriteLine($"{result.Scenario}: {result.Description}");
        Console.WriteLine($"  {result.Connections} connections, measured {Seconds(result.Measured)}");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, RowFormat, "kind", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"));
        foreach (var kind in result.Kinds.Append(result.Total))
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, RowFormat, kind.Kind, kind.Requests, kind.Errors,
                kind.RequestsPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                Millis(kind.Latency.P50), Millis(kind.Latency.P95), Millis(kind.Latency.P99), Millis(kind.Latency.Max)));
        }

        foreach (var kind in result.Kinds.Where(k => k.ErrorSamples.Count > 0))
        {
            Console.WriteLine($"  first distinct errors of {kind.Kind}:");
            foreach (var error in kind.ErrorSamples)
            {
                Console.WriteLine($"    {error.ReplaceLineEndings(" ")}");
            }
        }
    }

    public static void Execution(ExecutionResult result)
    {
        var sorted = result.Sequential.Select(t => t.TotalMilliseconds).Order().ToList();
        Console.WriteLine();
        Console.WriteLine("execution: 10-step plans (7 on the critical path) from POST .../execute to completed, agent round trips included");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  one at a time: {0} plans, p50 {1} ms, max {2} ms",
            sorted.Count, Millis(Percentile(sorted, 0.5)), Millis(sorted[^1])));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0} at once: {1} s, {2} plans/s; {3} did not complete",
            result.Concurrent, result.ConcurrentElapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
            (result.Concurrent / result.ConcurrentElapsed.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture), result.Failed));
    }

    public static void Streams(StreamResult result)
    {
        Console.WriteLine();
        Console.WriteLine($"streams: {result.Streams} clients stream one trace's log while 4 writers append {result.Events} events, one per request");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0} deliveries in {1} s: {2} events/s delivered; commit (write acknowledged) to delivery p50 {3} ms, p99 {4} ms, max {5} ms",
            result.Delivered, result.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture), (result.Delivered / result.Elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture),
            Millis(result.Latency.P50), Millis(result.Latency.P99), Millis(result.Latency.Max)));
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    public static void Targets(IReadOnlyList<TargetCheck> checks)
    {
        Console.WriteLine();
        Console.WriteLine("targets (benchmark issue, 2 cores):");
        foreach (var check in checks)
        {
            Console.WriteLine($"  {(check.Met ? "PASS" : "MISS")}  {check.Goal,-32} measured {check.Measured}");
        }

        var missed = checks.Count(c => !c.Met);
        Console.WriteLine(missed == 0 ? "result: PASS (all targets met)" : $"result: FAIL ({missed} of {checks.Count} targets missed)");
    }

    private static string Millis(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
