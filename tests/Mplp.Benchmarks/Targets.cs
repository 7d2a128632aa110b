using System.Globalization;

namespace Mplp.Benchmarks;

/// <summary>One goal of the benchmark issue, and how this run did against it.</summary>
public sealed record TargetCheck(string Goal, string Measured, bool Met);

/// <summary>
/// The benchmark issue's targets on 2 cores. The scenario's figures are over all its requests
/// (context and plan creation together); only the scenarios that ran are judged.
/// </summary>
public static class Targets
{
    public const double ScenarioP95Millis = 25;
    public const double ScenarioRequestsPerSecond = 2_000;
    public const double GetRequestsPerSecond = 10_000;
    public const double PlanMillis = 2_000;

    public static IReadOnlyList<TargetCheck> Check(BenchResults all)
    {
        var results = all.Load;
        var checks = new List<TargetCheck>();
        if (results.FirstOrDefault(r => r.Scenario == ContextPlanScenario.Name) is { } scenario)
        {
            checks.Add(new($"scenario p95 <= {ScenarioP95Millis} ms", Format(scenario.Total.Latency.P95, "ms"), scenario.Total.Latency.P95 <= ScenarioP95Millis));
            checks.Add(new($"scenario >= {ScenarioRequestsPerSecond:N0} requests/s", Format(scenario.Total.RequestsPerSecond, "requests/s"),
                scenario.Total.RequestsPerSecond >= ScenarioRequestsPerSecond));
        }

        if (results.FirstOrDefault(r => r.Scenario == GetScenario.Name) is { } get)
        {
            checks.Add(new($"get >= {GetRequestsPerSecond:N0} requests/s", Format(get.Total.RequestsPerSecond, "requests/s"),
                get.Total.RequestsPerSecond >= GetRequestsPerSecond));
        }

        if (all.Execution is { } execution)
        {
            var median = Report.Percentile([.. execution.Sequential.Select(t => t.TotalMilliseconds).Order()], 0.5);
            checks.Add(new($"10-step plan < {PlanMillis:N0} ms (median)", Format(median, "ms"), median < PlanMillis));
            checks.Add(new("every plan completed", execution.Failed.ToString(CultureInfo.InvariantCulture), execution.Failed == 0));
        }

        var errors = results.Sum(r => r.Total.Errors);
        checks.Add(new("0 errors", errors.ToString(CultureInfo.InvariantCulture), errors == 0));
        return checks;
    }

    private static string Format(double value, string unit) => $"{value.ToString("N1", CultureInfo.InvariantCulture)} {unit}";
}
