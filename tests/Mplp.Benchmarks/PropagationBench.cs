using System.Diagnostics;
using System.Globalization;

namespace Mplp.Benchmarks;

/// <summary>
/// How long a revoke made on one instance takes to be refused on another (docs/redis.md), per pair of
/// hosts over one database: a principal holds a role (assigned on A) and keeps calling B; at a random
/// moment the assignment is revoked on A; the time runs from A's answer to B's first 403. The pause is
/// random so that B's cached grants are of any age, as they are in service. Then the seed scenario runs
/// against each pair's A in interleaved rounds: a subscription must cost requests nothing.
/// </summary>
public static class PropagationBench
{
    /// <summary>The principal whose role comes and goes; <c>./mplp bench</c> puts its token in <see cref="TokenVariable"/>.</summary>
    public const string Principal = "bench-propagation";

    public const string TokenVariable = "MPLP_PROPAGATION_TOKEN";

    private const int Rounds = 2;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Calling = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchOptions options, string? adminToken, CancellationToken cancellationToken)
    {
        var principalToken = Environment.GetEnvironmentVariable(TokenVariable)
            ?? throw new BenchSetupException($"{TokenVariable} is not set: a token for '{Principal}' (./mplp bench --propagation sets it)");
        Console.WriteLine($"mplp bench --propagation: {options.Trials} trials per pair; from a revoke's answer on A to the first 403 on B (polled every {Poll.TotalMilliseconds} ms)");
        foreach (var pair in options.Pairs)
        {
            var delays = await TrialsAsync(pair, options.Trials, adminToken, principalToken, cancellationToken);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-8} p50 {1,8:F1} ms  p95 {2,8:F1} ms  max {3,8:F1} ms  ({4} trials)",
                pair.Name, Report.Percentile(delays, 0.5), Report.Percentile(delays, 0.95), delays[^1], delays.Count));
        }

        Console.WriteLine();
        Console.WriteLine($"seed scenario against each pair's A, {Rounds} interleaved rounds ({options.Connections} connections, {options.Duration.TotalSeconds} s after {options.Warmup.TotalSeconds} s warm-up):");
        for (var round = 1; round <= Rounds; round++)
        {
            // Alternating the order each round: what the machine does meanwhile drifts, and must not favour one pair.
            foreach (var pair in round % 2 == 1 ? options.Pairs : options.Pairs.Reverse())
            {
                using var client = new ApiClient(pair.A, options.Connections, adminToken);
                var scenario = new ContextPlanScenario();
                await scenario.PrepareAsync(client, options.Connections, cancellationToken);
                var total = (await LoadRunner.RunAsync(ContextPlanScenario.Name, scenario, client, options, cancellationToken)).Total;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  round {0} {1,-8} {2,6:F0} req/s  p50 {3,7:F2} ms  p95 {4,7:F2} ms  errors {5}",
                    round, pair.Name, total.RequestsPerSecond, total.Latency.P50, total.Latency.P95, total.Errors));
            }
        }
    }

    /// <summary>The delays of every trial in milliseconds, sorted.</summary>
    private static async Task<List<double>> TrialsAsync(HostPair pair, int trials, string? adminToken, string principalToken, CancellationToken cancellationToken)
    {
        using var onA = new ApiClient(pair.A, 2, adminToken);
        using var onB = new ApiClient(pair.B, 1, principalToken);
        await Bench.WaitUntilReadyAsync(onA, cancellationToken);
        await Bench.WaitUntilReadyAsync(onB, cancellationToken);
        var path = $"{ContextPlanScenario.ContextsPath}/{await CreateAsync(onA, ContextPlanScenario.ContextsPath, ContextPlanScenario.ContextBody, cancellationToken)}";
        var role = $"/api/v1/roles/{await CreateAsync(onA, "/api/v1/roles", ApiClient.Utf8($$"""{"name":"bench-propagation-{{pair.Name}}-{{Guid.NewGuid():N}}","capabilities":["context:read"]}"""), cancellationToken)}";
        var random = new Random(13);
        var delays = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var assignment = $"{role}/assignments/{await CreateAsync(onA, $"{role}/assignments", ApiClient.Utf8($$"""{"principal":"{{Principal}}"}"""), cancellationToken)}";
            await UntilAsync(onB, path, 200, Poll, cancellationToken);
            var pause = Stopwatch.StartNew();
            var pauseFor = MaxPause * random.NextDouble();
            while (pause.Elapsed < pauseFor)
            {
                await UntilAsync(onB, path, 200, Calling, cancellationToken);
                await Task.Delay(Calling, cancellationToken);
            }

            var revoked = await onA.DeleteAsync(assignment, cancellationToken);
            var answered = Stopwatch.GetTimestamp();
            if (!revoked.IsSuccess)
            {
                throw new BenchSetupException($"DELETE {assignment} failed: {ContextPlanScenario.Describe(revoked)}");
            }

            await UntilAsync(onB, path, 403, Poll, cancellationToken);
            delays.Add(Stopwatch.GetElapsedTime(answered).TotalMilliseconds);
        }

        delays.Sort();
        return delays;
    }

    private static async Task<string> CreateAsync(ApiClient client, string path, byte[] body, CancellationToken cancellationToken)
    {
        var created = await client.PostJsonAsync(path, body, cancellationToken);
        return ContextPlanScenario.IdOf(created) ?? throw new BenchSetupException($"POST {path} failed: {ContextPlanScenario.Describe(created)}");
    }

    private static async Task UntilAsync(ApiClient client, string path, int status, TimeSpan interval, CancellationToken cancellationToken)
    {
        var giveUp = Stopwatch.StartNew();
        ApiResult answer;
        while ((answer = await client.GetAsync(path, cancellationToken)).Status != status)
        {
            if (giveUp.Elapsed > GiveUp)
            {
                throw new BenchSetupException($"{client.BaseAddress} did not answer {status} to GET {path} within {GiveUp.TotalSeconds} s: {ContextPlanScenario.Describe(answer)}");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }
}
