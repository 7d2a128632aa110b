using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Mplp.Core.Agents;
using Mplp.Functions.Tests.Events;
using Mplp.ReferenceAgent;

namespace Mplp.Functions.Tests.Execution;

/// <summary>Plans executed end to end: the dev host's orchestration on Azurite, Storage queues, an agent.</summary>
public sealed class PlanExecutionApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _builder = "builder-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _tester = "tester-" + Guid.NewGuid().ToString("N")[..8];

    [Fact(Timeout = 120_000)]
    public async Task Execute_RunsStepsInDependencyOrder_AndCompletesThePlan()
    {
        var (plan, a, b, c) = await ApprovedPlanAsync();
        await using var agent = new TestAgent([_builder, _tester], _ => AgentResult.Completed) { AnswerTwice = true };

        var (accepted, execution) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute", new { max_parallel = 2, step_timeout_seconds = 30 });
        var finished = await ExecutionAsync(plan, "completed");
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"plan-{plan}", execution["execution_id"]!.GetValue<string>());
        Assert.Equal(3, finished["completed_steps"]!.GetValue<int>());
        Assert.Equal("completed", stored["status"]!.GetValue<string>());
        Assert.All(stored["steps"]!.AsArray(), s => Assert.Equal("completed", s!["status"]!.GetValue<string>()));
        var order = agent.Received.Select(w => w.StepId.ToString()).ToList();
        Assert.True(order.IndexOf(b) > order.IndexOf(a), "B depends on A");
        Assert.Equal(3, order.Count);
        Assert.Contains(c, order);
        ApiFixture.AssertValid("plan", stored);
    }

    [Fact(Timeout = 120_000)]
    public async Task ReferenceAgent_RunsItsCommand_AndTheOutputCompletesTheSteps()
    {
        var (plan, _, _, _) = await ApprovedPlanAsync();
        using var stop = new CancellationTokenSource();
        var settings = new AgentSettings([_builder, _tester], new QueueServiceClient(Testing.TestEnvironment.StorageConnectionString), "echo \"did: $MPLP_STEP_DESCRIPTION\"", TimeSpan.FromMilliseconds(100));
        var log = new StringWriter();
        var agent = new ReferenceAgent.ReferenceAgent(settings, TextWriter.Synchronized(log), TimeProvider.System).RunAsync(stop.Token);

        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute", new { step_timeout_seconds = 30 });
        var finished = await ExecutionAsync(plan, "completed");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => agent);

        Assert.Equal(3, finished["completed_steps"]!.GetValue<int>());
        Assert.Contains("attempt 1: completed", log.ToString(), StringComparison.Ordinal);
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");
        var (_, context) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{stored["context_id"]}");
        // context and plan created, approved, started, 3 steps started, 3 completed (+3 step events), plan completed: 14;
        // the execution's protocol events: 11 SA, 1 graph_update, 6 pipeline_stage, 6 runtime_execution.
        var types = await api.EventTypesAsync(context["trace"]!["trace_id"]!.GetValue<string>(), 14 + 24, CancellationToken.None);
        Assert.Equal(3, types.Count(t => t == "step.completed"));
    }

    [Fact(Timeout = 120_000)]
    public async Task HttpAgent_ClaimsWork_AndPostsResults()
    {
        var (plan, _, _, _) = await ApprovedPlanAsync();
        // An agent per role: a claim needs plan:work and a role named as the step's agent_role.
        using var builder = await api.ClientHoldingAsync(["plan:work"], roleName: _builder);
        using var tester = await api.ClientHoldingAsync(["plan:work"], roleName: _tester);
        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute", new { step_timeout_seconds = 30 });

        var delivered = 0;
        JsonObject? last = null;
        var (bad, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/agents/results", new { version = 1, status = "done" }, client: builder);
        await Executions.WaitUntilAsync(async () =>
        {
            foreach (var (role, agent) in new[] { (_builder, builder), (_tester, tester) })
            {
                var (claimed, work) = await api.SendAsync(HttpMethod.Post, $"/api/v1/agents/{role}/work/claim", client: agent);
                if (claimed.StatusCode == HttpStatusCode.OK)
                {
                    last = Result(work);
                    var (posted, answer) = await api.SendAsync(HttpMethod.Post, "/api/v1/agents/results", last, client: agent);
                    Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
                    delivered += answer["delivered"]!.GetValue<bool>() ? 1 : 0;
                }
            }

            return delivered == 3;
        }, () => $"3 results delivered, {delivered} so far");
        var finished = await ExecutionAsync(plan, "completed");
        var (late, answerToLate) = await api.SendAsync(HttpMethod.Post, "/api/v1/agents/results", last, client: builder);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("VALIDATION_FAILED", problem["code"]!.GetValue<string>());
        Assert.Equal(3, finished["completed_steps"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
        Assert.False(answerToLate["delivered"]!.GetValue<bool>());
    }

    [Fact(Timeout = 120_000)]
    public async Task FailingStep_IsRetried_ThenFailsThePlan_AndBlocksItsDependents()
    {
        var (plan, a, b, c) = await ApprovedPlanAsync();
        await using var agent = new TestAgent([_builder, _tester], work => work.StepId.ToString() == a ? AgentResult.Failed : AgentResult.Completed);

        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute", new { max_attempts = 2, step_timeout_seconds = 30 });
        var finished = await ExecutionAsync(plan, "failed");

        Assert.Equal([1, 2], agent.Received.Where(w => w.StepId.ToString() == a).Select(w => w.Attempt));
        Assert.Equal("failed", finished["steps"]![a]!.GetValue<string>());
        Assert.Equal("blocked", finished["steps"]![b]!.GetValue<string>());
        Assert.Equal("completed", finished["steps"]![c]!.GetValue<string>());
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");
        Assert.Equal("failed", stored["status"]!.GetValue<string>());
    }

    [Fact(Timeout = 120_000)]
    public async Task RetriedStep_EveryEventIsProtocolFaithful_InProfileOrder_AndTheInvariantsHold()
    {
        var (plan, a, b, c) = await ApprovedPlanAsync();
        await using var agent = new TestAgent([_builder, _tester], work => work.StepId.ToString() == a && work.Attempt == 1 ? AgentResult.Failed : AgentResult.Completed);

        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute", new { max_attempts = 2, step_timeout_seconds = 30 });
        await ExecutionAsync(plan, "completed");
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");
        var contextId = stored["context_id"]!.GetValue<string>();
        var (_, context) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{contextId}");
        var log = await ProtocolLog.ReadUntilAsync(api, contextId, "sa.completed");

        ProtocolLog.AssertValid(log);
        ProtocolLog.AssertInvariantsHold(log, new Dictionary<string, JsonNode> { ["context"] = context, ["plan"] = stored });
        var sa = ProtocolLog.Of(log, "SA");
        Assert.Equal(["SAInitialized", "SAContextLoaded", "SAPlanEvaluated"], sa.Take(3).Select(ProtocolLog.TypeOf));
        Assert.Equal(["SATraceEmitted", "SACompleted"], sa.TakeLast(2).Select(ProtocolLog.TypeOf));
        Assert.Single(sa.Select(e => e["sa_id"]!.GetValue<string>()).Distinct());
        foreach (var step in new[] { a, b, c })
        {
            // Started once however many attempts, then completed.
            Assert.Equal(["SAStepStarted", "SAStepCompleted"], sa.Where(e => e["payload"]!["step_id"]?.GetValue<string>() == step).Select(ProtocolLog.TypeOf));
        }

        var graph = Assert.Single(ProtocolLog.Of(log, "graph_update"));
        Assert.Equal((plan, "bulk", 3, 1), (graph["graph_id"]!.GetValue<string>(), graph["update_kind"]!.GetValue<string>(), graph["node_delta"]!.GetValue<int>(), graph["edge_delta"]!.GetValue<int>()));
        var stages = ProtocolLog.Of(log, "pipeline_stage");
        Assert.Single(stages.Select(e => e["pipeline_id"]!.GetValue<string>()).Distinct());
        Assert.Equal(["running", "completed"], stages.Where(e => e["stage_id"]!.GetValue<string>() == a).Select(e => e["stage_status"]!.GetValue<string>()));
        var attemptsOfA = ProtocolLog.Of(log, "runtime_execution").Where(e => e["step_id"]!.GetValue<string>() == a).ToList();
        Assert.Equal(["running", "failed", "running", "completed"], attemptsOfA.Select(e => e["status"]!.GetValue<string>()));
        Assert.Equal(2, attemptsOfA.Select(e => e["execution_id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(attemptsOfA.Where(e => e["status"]!.GetValue<string>() != "running"), e => Assert.InRange(e["duration_ms"]!.GetValue<long>(), 0, 60_000));
        // The platform's own events stay, with what they add (the agent's error).
        Assert.Contains(log, e => ProtocolLog.TypeOf(e) == "step.failed" && e["data"]!["error"]?.GetValue<string>() == "told to fail");
    }

    [Fact(Timeout = 120_000)]
    public async Task SilentAgent_TimesOut_AndTheStepIsTriedAgain()
    {
        var (plan, a, _, _) = await ApprovedPlanAsync();
        var attemptsOfA = 0;
        await using var agent = new TestAgent([_builder, _tester], work =>
            work.StepId.ToString() == a && Interlocked.Increment(ref attemptsOfA) == 1 ? null : AgentResult.Completed);

        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute", new { step_timeout_seconds = 8, max_attempts = 3 });
        await ExecutionAsync(plan, "completed");

        Assert.Equal([1, 2], agent.Received.Where(w => w.StepId.ToString() == a).Select(w => w.Attempt));
    }

    [Fact(Timeout = 120_000)]
    public async Task Cancel_CancelsThePlan()
    {
        var (plan, _, _, _) = await ApprovedPlanAsync();
        await using var agent = new TestAgent([_builder, _tester], _ => null);

        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute");
        await WaitUntilAsync(() => !agent.Received.IsEmpty);
        var (cancelling, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execution/cancel");
        var finished = await ExecutionAsync(plan, "cancelled");
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");

        Assert.Equal(HttpStatusCode.Accepted, cancelling.StatusCode);
        Assert.Equal("cancelled", stored["status"]!.GetValue<string>());
        Assert.Equal(0, finished["completed_steps"]!.GetValue<int>());
    }

    [Fact(Timeout = 120_000)]
    public async Task Execute_UnapprovedOrRunningPlan_Is409()
    {
        var context = await api.NewContextAsync();
        var (_, draft) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, []));
        var (plan, _, _, _) = await ApprovedPlanAsync();
        await using var agent = new TestAgent([_builder, _tester], _ => null);

        var (refused, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{draft["plan_id"]}/execute");
        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute");
        var (again, running) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute");
        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execution/cancel");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("PLAN_NOT_APPROVED", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("PLAN_ALREADY_EXECUTING", running["code"]!.GetValue<string>());
    }

    /// <summary>An approved plan: A (builder), B after A (builder), C (tester, independent).</summary>
    private async Task<(string Plan, string A, string B, string C)> ApprovedPlanAsync()
    {
        var context = await api.NewContextAsync();
        string a = Guid.NewGuid().ToString(), b = Guid.NewGuid().ToString(), c = Guid.NewGuid().ToString();
        var steps = new[]
        {
            Step(a, _builder, 0),
            Step(b, _builder, 1, a),
            Step(c, _tester, 2),
        };
        var (created, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, steps, "proposed"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = plan["plan_id"]!.GetValue<string>();
        var (approved, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{id}/approve");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return (id, a, b, c);
    }

    private Task<JsonObject> ExecutionAsync(string plan, string status) => Executions.ReachingAsync(api, plan, status);

    private static Task WaitUntilAsync(Func<bool> condition) => Executions.WaitUntilAsync(() => Task.FromResult(condition()), () => "the agent to receive work");

    /// <summary>A completed result for a claimed work item, echoing its claim token.</summary>
    private static JsonObject Result(JsonObject work) => new()
    {
        ["version"] = 1,
        ["work_id"] = work["work_id"]!.GetValue<string>(),
        ["execution_id"] = work["execution_id"]!.GetValue<string>(),
        ["status"] = "completed",
        ["output"] = new JsonObject { ["ok"] = true },
        ["claim_token"] = work["claim_token"]!.GetValue<string>(),
    };

    private static JsonObject Step(string id, string role, int order, params string[] dependencies) => new()
    {
        ["step_id"] = id,
        ["description"] = $"step {order}",
        ["agent_role"] = role,
        ["order_index"] = order,
        ["dependencies"] = new JsonArray([.. dependencies.Select(d => (JsonNode)d)]),
    };

    private static JsonObject Plan(string context, JsonObject[] steps, string status = "draft") => new()
    {
        ["context_id"] = context,
        ["title"] = "execute me",
        ["objective"] = "run",
        ["status"] = status,
        ["steps"] = new JsonArray([.. steps.Length > 0 ? steps : [Step(Guid.NewGuid().ToString(), "nobody", 0)]]),
    };
}
