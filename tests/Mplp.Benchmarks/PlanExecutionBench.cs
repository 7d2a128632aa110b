using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mplp.Benchmarks;

/// <summary>How long plans take from execute to completed, agent round trips included.</summary>
/// <param name="Sequential">One plan at a time: each one's time.</param>
/// <param name="Concurrent">How many plans ran at once in the second part, and how long they took together.</param>
public sealed record ExecutionResult(IReadOnlyList<TimeSpan> Sequential, int Concurrent, TimeSpan ConcurrentElapsed, int Failed);

/// <summary>
/// The plan execution benchmark: 10-step plans (a fan-out and fan-in, 7 steps on the critical path)
/// executed through the reference agent that ./mplp bench runs for the role <see cref="AgentRole"/>.
/// Some plans one at a time (latency), then some at once (plans per second).
/// </summary>
public static class PlanExecutionBench
{
    public const string Name = "execution";
    public const string AgentRole = "bench-agent";
    private const int SequentialPlans = 5;
    private const int ConcurrentPlans = 10;

    public static async Task<ExecutionResult> RunAsync(ApiClient client, CancellationToken cancellationToken)
    {
        await RunPlanAsync(client, cancellationToken);  // warm-up: the first orchestration starts the Durable machinery
        var sequential = new List<TimeSpan>();
        var failed = 0;
        for (var i = 0; i < SequentialPlans; i++)
        {
            var (elapsed, completed) = await RunPlanAsync(client, cancellationToken);
            sequential.Add(elapsed);
            failed += completed ? 0 : 1;
        }

        var started = Stopwatch.GetTimestamp();
        var together = await Task.WhenAll(Enumerable.Range(0, ConcurrentPlans).Select(_ => RunPlanAsync(client, cancellationToken)));
        return new ExecutionResult(sequential, ConcurrentPlans, Stopwatch.GetElapsedTime(started), failed + together.Count(r => !r.Completed));
    }

    private static async Task<(TimeSpan Elapsed, bool Completed)> RunPlanAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var context = ContextPlanScenario.IdOf(await client.PostJsonAsync(ContextPlanScenario.ContextsPath, ContextPlanScenario.ContextBody, cancellationToken))
            ?? throw new BenchSetupException("could not create a context");
        var created = await client.PostJsonAsync(ContextPlanScenario.PlansPath, PlanBody(context), cancellationToken);
        var plan = ContextPlanScenario.IdOf(created) ?? throw new BenchSetupException($"could not create a plan: {ContextPlanScenario.Describe(created)}");
        await client.PostJsonAsync($"{ContextPlanScenario.PlansPath}/{plan}/approve", [], cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var execute = await client.PostJsonAsync($"{ContextPlanScenario.PlansPath}/{plan}/execute", ApiClient.Utf8("""{"step_timeout_seconds":60}"""), cancellationToken);
        if (!execute.IsSuccess)
        {
            throw new BenchSetupException($"could not execute a plan: {ContextPlanScenario.Describe(execute)}");
        }

        while (true)
        {
            var (_, execution) = await client.GetJsonAsync($"{ContextPlanScenario.PlansPath}/{plan}/execution", cancellationToken);
            var status = execution?["status"]?.GetValue<string>();
            if (status is not null and not "running")
            {
                return (Stopwatch.GetElapsedTime(started), status == "completed");
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(2))
            {
                throw new BenchSetupException($"plan {plan} did not finish in 2 minutes: is the reference agent serving {AgentRole}?");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>s0 -> s1, s2, s3 -> s4 -> s5 -> s6, s7 -> s8 -> s9.</summary>
    private static byte[] PlanBody(string contextId)
    {
        var ids = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString()).ToArray();
        int[][] dependencies = [[], [0], [0], [0], [1, 2, 3], [4], [5], [5], [6, 7], [8]];
        var steps = new JsonArray([.. ids.Select((id, i) => (JsonNode)new JsonObject
        {
            ["step_id"] = id,
            ["description"] = $"step {i}",
            ["agent_role"] = AgentRole,
            ["order_index"] = i,
            ["dependencies"] = new JsonArray([.. dependencies[i].Select(d => (JsonNode)ids[d])]),
        })]);
        return ApiClient.Utf8(new JsonObject
        {
            ["context_id"] = contextId,
            ["title"] = "bench plan",
            ["objective"] = "measure execution",
            ["status"] = "proposed",
            ["steps"] = steps,
        }.ToJsonString());
    }
}
