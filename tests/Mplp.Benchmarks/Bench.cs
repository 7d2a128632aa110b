namespace Mplp.Benchmarks;

/// <summary>Waits for the server to be ready, then prepares, runs and reports each scenario asked for in turn.</summary>
public static class Bench
{
    /// <summary>The environment variable holding the bearer token to call with (<c>./mplp bench</c> sets it).</summary>
    public const string TokenVariable = "MPLP_TOKEN";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<BenchResults> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        using var client = new ApiClient(options.Url, options.Connections, Environment.GetEnvironmentVariable(TokenVariable));
        Report.Header(options);
        await WaitUntilReadyAsync(client, cancellationToken);

        var results = new List<ScenarioResult>();
        ExecutionResult? execution = null;
        foreach (var name in options.Scenarios)
        {
            if (name == StreamFanOutBench.Name)
            {
                Report.Streams(await StreamFanOutBench.RunAsync(client, cancellationToken));
                continue;
            }

            if (name == PlanExecutionBench.Name)
            {
                execution = await PlanExecutionBench.RunAsync(client, cancellationToken);
                Report.Execution(execution);
                continue;
            }

            if (name == McpBench.Name)
            {
                await McpBench.RunAsync(client, options, cancellationToken);
                continue;
            }

            if (name == WebhookBench.Name)
            {
                await WebhookBench.RunAsync(client, cancellationToken);
                continue;
            }

            IScenario scenario = name == GetScenario.Name ? new GetScenario() : new ContextPlanScenario();
            await scenario.PrepareAsync(client, options.Connections, cancellationToken);
            var result = await LoadRunner.RunAsync(name, scenario, client, options, cancellationToken);
            Report.Scenario(result);
            results.Add(result);
        }

        return new BenchResults(results, execution);
    }

    /// <summary>/ready answers 200 once PostgreSQL and storage do; measuring before that would time the start-up.</summary>
    public static async Task WaitUntilReadyAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        ApiResult ready;
        while (!(ready = await client.GetAsync("/ready", cancellationToken)).IsSuccess)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new BenchSetupException($"the server at {client.BaseAddress} was not ready within {ReadyTimeout.TotalSeconds} s: {ContextPlanScenario.Describe(ready)}");
            }

            await Task.Delay(500, cancellationToken);
        }
    }
}

/// <summary>What the scenarios that ran measured.</summary>
public sealed record BenchResults(IReadOnlyList<ScenarioResult> Load, ExecutionResult? Execution);
