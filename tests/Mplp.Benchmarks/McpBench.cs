using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mplp.Benchmarks;

/// <summary>
/// MCP tool calls next to their HTTP twins, each pair its own measured run at --connections:
/// <c>mplp_get_execution</c> and <c>GET /api/v1/plans/{id}/execution</c> of a running plan, then
/// <c>mplp_claim_work</c> and <c>POST /api/v1/agents/{role}/work/claim</c> of a role with no work.
/// Each virtual user has its own MCP session (the SDK's client, Streamable HTTP) over one connection pool.
/// </summary>
public static class McpBench
{
    public const string Name = "mcp";
    private const string PlanRole = "bench-mcp-step";
    private const string IdleRole = "bench-mcp-idle";

    public static async Task RunAsync(ApiClient client, BenchOptions options, CancellationToken cancellationToken)
    {
        var plan = await RunningPlanAsync(client, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, UseProxy = false }) { BaseAddress = client.BaseAddress };
        if (Environment.GetEnvironmentVariable(Bench.TokenVariable) is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var sessions = new Sessions(http);
        try
        {
            IScenario[] runs =
            [
                // The HTTP twin first: the first run also meets the plan's execution starting up.
                new Call("GET execution", (user, ct) => user.Client.GetAsync($"/api/v1/plans/{plan}/execution", ct)),
                new Call("mcp mplp_get_execution", (user, ct) => sessions.CallAsync(user, "mplp_get_execution", new() { ["plan_id"] = plan }, ct)),
                new Call("POST claim", (user, ct) => user.Client.PostJsonAsync($"/api/v1/agents/{IdleRole}/work/claim", [], ct)),
                new Call("mcp mplp_claim_work", (user, ct) => sessions.CallAsync(user, "mplp_claim_work", new() { ["role"] = IdleRole }, ct)),
            ];
            foreach (var run in runs)
            {
                Report.Scenario(await LoadRunner.RunAsync(Name, run, client, options, cancellationToken));
            }
        }
        finally
        {
            await sessions.DisposeAsync();
        }
    }

    /// <summary>A one-step plan, approved and executing, whose step nobody answers: its execution stays running.</summary>
    private static async Task<string> RunningPlanAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var context = ContextPlanScenario.IdOf(await client.PostJsonAsync(ContextPlanScenario.ContextsPath, ContextPlanScenario.ContextBody, cancellationToken))
            ?? throw new BenchSetupException("could not create a context");
        var plan = ContextPlanScenario.IdOf(await client.PostJsonAsync(ContextPlanScenario.PlansPath, ApiClient.Utf8(new JsonObject
        {
            ["context_id"] = context,
            ["title"] = "bench-mcp",
            ["objective"] = "an execution to read",
            ["status"] = "proposed",
            ["steps"] = new JsonArray(new JsonObject { ["step_id"] = Guid.NewGuid().ToString(), ["description"] = "wait", ["agent_role"] = PlanRole, ["order_index"] = 0 }),
        }.ToJsonString()), cancellationToken)) ?? throw new BenchSetupException("could not create the plan");
        Require(await client.PostJsonAsync($"/api/v1/plans/{plan}/approve", [], cancellationToken), "approve the plan");
        Require(await client.PostJsonAsync($"/api/v1/plans/{plan}/execute", ApiClient.Utf8("""{"step_timeout_seconds":3600,"max_attempts":1}"""), cancellationToken), "execute the plan");
        return plan;
    }

    private static void Require(ApiResult result, string what)
    {
        if (!result.IsSuccess)
        {
            throw new BenchSetupException($"could not {what}: {ContextPlanScenario.Describe(result)}");
        }
    }

    /// <summary>One kind of request, looped by every virtual user.</summary>
    private sealed class Call(string kind, Func<VirtualUser, CancellationToken, Task<ApiResult>> send) : IScenario
    {
        public string Description => kind;

        public IReadOnlyList<string> Kinds => [kind];

        public Task PrepareAsync(ApiClient client, int connections, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task RunOnceAsync(VirtualUser user, CancellationToken cancellationToken) => await user.RecordAsync(kind, send(user, cancellationToken));
    }

    /// <summary>An MCP session per virtual user, opened on its first call (in the warm-up).</summary>
    private sealed class Sessions(HttpClient http) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<VirtualUser, Lazy<Task<McpClient>>> _sessions = new();

        public async Task<ApiResult> CallAsync(VirtualUser user, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
        {
            var session = await _sessions.GetOrAdd(user, _ => new Lazy<Task<McpClient>>(() => McpClient.CreateAsync(
                new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp }, http, ownsHttpClient: false),
                cancellationToken: cancellationToken))).Value;
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await session.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
                var error = result.IsError == true ? string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text)) : null;
                return new ApiResult(error is null ? 200 : 422, error, null, null, started, Stopwatch.GetElapsedTime(started));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new ApiResult(0, e.Message, null, null, started, Stopwatch.GetElapsedTime(started));
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var session in _sessions.Values.Where(s => s.IsValueCreated && s.Value.IsCompletedSuccessfully))
            {
                await session.Value.Result.DisposeAsync();
            }
        }
    }
}
