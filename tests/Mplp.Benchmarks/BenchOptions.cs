using System.Globalization;
using System.Net;

namespace Mplp.Benchmarks;

/// <summary>What to run, parsed from the command line. Bounded in count and time, loopback only.</summary>
public sealed record BenchOptions(Uri Url, int Connections, TimeSpan Duration, TimeSpan Warmup, IReadOnlyList<string> Scenarios)
{
    public const int MaxConnections = 1000;
    public const int MaxTrials = 1000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);
    public static readonly IReadOnlyList<string> ScenarioNames = [ContextPlanScenario.Name, GetScenario.Name, PlanExecutionBench.Name, WebhookBench.Name, StreamFanOutBench.Name, McpBench.Name];

    public static string Usage => """
        usage: Mplp.Benchmarks [--url http://127.0.0.1:7071] [--connections 100] [--duration 20s] [--warmup 5s]
                               [--scenario scenario|get|execution|webhook|streams|mcp|all]
          scenario  each virtual user loops: POST a context, then POST a plan in it
          get       GET /api/v1/contexts/{id} of pre-created contexts, ids at random
          execution 10-step plans from execute to completed through the reference agent (role bench-agent):
                    5 one at a time, then 10 at once (--connections and --duration do not apply)
          webhook   50 events one at a time, from the write's acknowledgement to a loopback receiver's delivery
          streams   100 live event streams of one trace while 4 writers append 200 events: events/s
                    delivered, commit-to-delivery latency (--connections and --duration do not apply)
          mcp       MCP tool calls next to their HTTP twins, one run each: mplp_get_execution and GET .../execution,
                    mplp_claim_work and POST .../work/claim (a role with no work)
        usage: Mplp.Benchmarks --propagation --pair NAME=URL_A,URL_B ... [--trials 30] [--connections/--duration/--warmup]
          how long a revoke on A takes to be refused on B (percentiles over the trials) for each pair, then
          the seed scenario against each pair's A in two interleaved rounds (./mplp bench --propagation)
        Durations take ms, s or m (plain numbers are seconds). Only loopback URLs are accepted.
        Requests carry the bearer token in MPLP_TOKEN (./mplp bench sets it; ./mplp token prints one).
        """;

    /// <exception cref="ArgumentException">An unknown option or a value out of bounds; the message says which.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(new Uri("http://127.0.0.1:7071"), 100, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5), ScenarioNames);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--propagation")
            {
                options = options with { Propagation = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--url" => options with { Url = ParseUrl(value) },
                "--connections" => options with { Connections = ParseCount(name, value, MaxConnections) },
                "--duration" => options with { Duration = ParseDuration(name, value, TimeSpan.FromSeconds(1)) },
                "--warmup" => options with { Warmup = ParseDuration(name, value, TimeSpan.Zero) },
                "--scenario" => options with { Scenarios = ParseScenarios(value) },
                "--pair" => options with { Pairs = [.. options.Pairs, ParsePair(value)] },
                "--trials" => options with { Trials = ParseCount(name, value, MaxTrials) },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        return options.Propagation && options.Pairs.Count == 0
            ? throw new ArgumentException("--propagation needs at least one --pair NAME=URL_A,URL_B")
            : options;
    }

    /// <summary>Measure how changes propagate between the <see cref="Pairs"/> instead of the load scenarios.</summary>
    public bool Propagation { get; init; }

    public IReadOnlyList<HostPair> Pairs { get; init; } = [];

    public int Trials { get; init; } = 30;

    private static HostPair ParsePair(string value)
    {
        var (name, urls) = value.Split('=', 2) is [var n, var u] && n.Length > 0 ? (n, u.Split(',')) : throw new ArgumentException($"--pair must be NAME=URL_A,URL_B, not '{value}'");
        return urls is [var a, var b] ? new HostPair(name, ParseUrl(a), ParseUrl(b)) : throw new ArgumentException($"--pair must be NAME=URL_A,URL_B, not '{value}'");
    }

    private static Uri ParseUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"--url must be an absolute http:// URL, not '{value}'");
        }

        // A load generator pointed at a shared server is an incident; this one only measures our own.
        if (!url.IsLoopback && !(IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address)))
        {
            throw new ArgumentException($"--url must be a loopback address (127.0.0.1, ::1, localhost), not '{url.Host}'");
        }

        return new Uri(url.GetLeftPart(UriPartial.Authority));
    }

    private static int ParseCount(string name, string value, int max)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= max
            ? count
            : throw new ArgumentException($"{name} must be a whole number from 1 to {max}, not '{value}'");

    private static TimeSpan ParseDuration(string name, string value, TimeSpan min)
    {
        var (number, unit) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 0.001),
            _ when value.EndsWith('s') => (value[..^1], 1.0),
            _ when value.EndsWith('m') => (value[..^1], 60.0),
            _ => (value, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new ArgumentException($"{name} must be a duration such as 500ms, 20s or 1m, not '{value}'");
        }

        var duration = TimeSpan.FromSeconds(amount * unit);
        return duration >= min && duration <= MaxDuration
            ? duration
            : throw new ArgumentException($"{name} must be from {min.TotalSeconds} s to {MaxDuration.TotalMinutes} min, not '{value}'");
    }

    private static List<string> ParseScenarios(string value) => value switch
    {
        "all" => [.. ScenarioNames],
        _ when ScenarioNames.Contains(value) => [value],
        _ => throw new ArgumentException($"--scenario must be one of {string.Join('|', ScenarioNames)}|all, not '{value}'"),
    };
}
