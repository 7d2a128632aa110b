using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using ModelContextProtocol.Client;
using Mplp.Core.Agents;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Tests.Execution;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Mcp;

/// <summary>
/// An agent working a plan over MCP with an approval gate before its dangerous step, decided by a
/// person in a second MCP session; and the gate's and the work's limits for an agent of one context.
/// </summary>
public sealed class McpAgentLoopTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Dangerous = "deploy to production";
    private readonly string _role = TestEnvironment.UniqueName("mcp-agent-");

    [Theory(Timeout = 180_000)]
    [InlineData("approved", "completed")]
    [InlineData("rejected", "failed")]
    public async Task AgentLoop_TwoStepPlanWithOneApproval_EndsAsThePersonDecides(string decision, string outcome)
    {
        await using var operatorSession = await McpSessions.ConnectAsync(api.Client);
        var context = (await operatorSession.CallAsync("mplp_create_context", new { @object = new { title = "mcp", root = new { domain = "ops", environment = "dev" }, status = "active" } }))["context_id"]!.GetValue<string>();
        var plan = await ExecutingPlanAsync(operatorSession, context);
        using var agentHttp = await api.ClientHoldingAsync([Capabilities.PlanWork, "confirm:write", "confirm:read"], context, _role);
        using var personHttp = await api.ClientHoldingAsync([Capabilities.ConfirmDecide], context);
        await using var agent = await McpSessions.ConnectAsync(agentHttp);
        await using var person = await McpSessions.ConnectAsync(personHttp);

        await agent.SubmitAsync(await agent.ClaimedAsync(_role), "completed");
        var deploy = await agent.ClaimedAsync(_role);
        var asking = agent.CallAsync("mplp_request_approval", new { context_id = context, action = new { tool = "deploy", arguments = new { env = "prod" } }, reason = Dangerous, wait_seconds = 90 });
        var waiting = await PendingAsync(person, context);
        await person.CallAsync("mplp_decide", new { confirm_id = waiting["confirm_id"]!.GetValue<string>(), status = decision, role = ApiFixture.PrincipalOf(personHttp), reason = "checked" });
        var answer = await asking;
        await agent.SubmitAsync(deploy, answer["status"]!.GetValue<string>() == "approved" ? "completed" : "failed");
        var execution = await operatorSession.ExecutionReachingAsync(plan, outcome);

        Assert.Equal(Dangerous, deploy["description"]!.GetValue<string>());
        Assert.Equal(("other", "deploy"), (waiting["target_type"]!.GetValue<string>(), waiting["trace"]!["attributes"]!["action"]!["tool"]!.GetValue<string>()));
        Assert.Equal(decision, answer["status"]!.GetValue<string>());
        Assert.Single(answer["decisions"]!.AsArray());
        ApiFixture.AssertValid("confirm", answer["confirm"]!.AsObject());
        Assert.Equal(decision == "approved" ? 2 : 1, execution["completed_steps"]!.GetValue<int>());
        var events = await operatorSession.CallAsync("mplp_get_events", new { context_id = context, event_type = new[] { "confirm.approval.requested" } });
        var requested = Assert.Single(events["items"]!.AsArray())!["data"]!;
        Assert.Equal(("other", "deploy"), (requested["target"]!["type"]!.GetValue<string>(), requested["target"]!["title"]!.GetValue<string>()));
    }

    [Fact(Timeout = 60_000)]
    public async Task RequestApproval_NobodyDecides_TimesOutRejected()
    {
        var context = await api.NewContextAsync();
        using var agentHttp = await api.ClientHoldingAsync(["confirm:write"], context);
        await using var agent = await McpSessions.ConnectAsync(agentHttp);

        var answer = await agent.CallAsync("mplp_request_approval", new { context_id = context, action = new { tool = "drop_table" }, policy = new { timeout_seconds = 2 }, wait_seconds = 45 });

        Assert.Equal("rejected", answer["status"]!.GetValue<string>());
        Assert.Empty(answer["decisions"]!.AsArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task Decide_OnItsOwnRequest_IsSelfApprovalForbidden_AnotherPersonMay()
    {
        var context = await api.NewContextAsync();
        using var agentHttp = await api.ClientHoldingAsync(["confirm:write", "confirm:read", Capabilities.ConfirmDecide], context, _role);
        using var personHttp = await api.ClientHoldingAsync([Capabilities.ConfirmDecide], context);
        await using var agent = await McpSessions.ConnectAsync(agentHttp);
        await using var person = await McpSessions.ConnectAsync(personHttp);

        var waiver = await agent.FailAsync("mplp_request_approval", new { context_id = context, action = new { tool = "rotate_keys" }, policy = new { allow_self_approval = true } });
        var confirm = await RequestAsync(agent, context);
        var ownList = await agent.CallAsync("mplp_list_pending_approvals", new { context_id = context });
        var own = await agent.FailAsync("mplp_decide", new { confirm_id = confirm, status = "approved", role = _role });
        await person.CallAsync("mplp_decide", new { confirm_id = confirm, status = "approved", role = ApiFixture.PrincipalOf(personHttp) });

        Assert.Equal("SELF_APPROVAL_FORBIDDEN", waiver["code"]!.GetValue<string>());
        Assert.Empty(ownList["items"]!.AsArray());
        Assert.Equal("SELF_APPROVAL_FORBIDDEN", own["code"]!.GetValue<string>());
        await Executions.WaitUntilAsync(
            async () => (await agent.CallAsync("mplp_get_approval", new { confirm_id = confirm }))["status"]!.GetValue<string>() == "approved",
            () => "the person's approval to resolve the confirm");
    }

    [Fact(Timeout = 180_000)]
    public async Task ScopedAgent_OutsideItsContext_CannotClaimOrDecide_InsideItCan()
    {
        await using var operatorSession = await McpSessions.ConnectAsync(api.Client);
        var home = await api.NewContextAsync();
        var elsewhere = await api.NewContextAsync();
        using var agentHttp = await api.ClientHoldingAsync([Capabilities.PlanWork, Capabilities.ConfirmDecide], home, _role);
        await using var agent = await McpSessions.ConnectAsync(agentHttp);
        await ExecutingPlanAsync(operatorSession, elsewhere);
        var queue = new QueueClient(TestEnvironment.StorageConnectionString, AgentQueues.WorkQueueOf(_role));
        await Executions.WaitUntilAsync(async () => await queue.ExistsAsync() && (await queue.PeekMessagesAsync(1)).Value.Length > 0, () => "the other context's work to be queued");

        var notMine = await agent.CallAsync("mplp_claim_work", new { role = _role });
        await ExecutingPlanAsync(operatorSession, home);
        var mine = await agent.ClaimedAsync(_role);
        var refused = await agent.FailAsync("mplp_decide", new { confirm_id = await RequestAsync(operatorSession, elsewhere), status = "approved", role = _role });
        var decided = await agent.CallAsync("mplp_decide", new { confirm_id = await RequestAsync(operatorSession, home), status = "approved", role = _role });

        Assert.Null(notMine["work"]);
        Assert.Equal(home, mine["context_id"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", refused["code"]!.GetValue<string>());
        Assert.Single(decided["decisions"]!.AsArray());
    }

    /// <summary>A two-step plan (build, then the dangerous deploy) for <see cref="_role"/>, approved and executing with one attempt per step.</summary>
    private async Task<string> ExecutingPlanAsync(McpClient operatorSession, string context)
    {
        var build = Guid.NewGuid().ToString();
        var plan = await operatorSession.CallAsync("mplp_create_plan", new
        {
            @object = new JsonObject
            {
                ["context_id"] = context,
                ["title"] = "release",
                ["objective"] = "ship",
                ["status"] = "proposed",
                ["steps"] = new JsonArray(
                    new JsonObject { ["step_id"] = build, ["description"] = "build", ["agent_role"] = _role, ["order_index"] = 0 },
                    new JsonObject { ["step_id"] = Guid.NewGuid().ToString(), ["description"] = Dangerous, ["agent_role"] = _role, ["order_index"] = 1, ["dependencies"] = new JsonArray(build) }),
            },
        });
        var id = plan["plan_id"]!.GetValue<string>();
        var (approved, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{id}/approve");
        Assert.True(approved.IsSuccessStatusCode);
        await operatorSession.CallAsync("mplp_execute_plan", new { plan_id = id, max_attempts = 1 });
        return id;
    }

    private static async Task<string> RequestAsync(McpClient session, string context)
        => (await session.CallAsync("mplp_request_approval", new { context_id = context, action = new { tool = "restart" }, wait_seconds = 0 }))["confirm_id"]!.GetValue<string>();

    /// <summary>The one approval waiting in <paramref name="context"/> for <paramref name="person"/>, once it is there.</summary>
    private static async Task<JsonObject> PendingAsync(McpClient person, string context)
    {
        JsonArray items = [];
        await Executions.WaitUntilAsync(async () =>
        {
            items = (await person.CallAsync("mplp_list_pending_approvals", new { context_id = context }))["items"]!.AsArray();
            return items.Count > 0;
        }, () => "the approval to be asked for");
        return Assert.Single(items)!.AsObject();
    }
}
