using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Mplp.Core.Agents;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Tests.Events;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Execution;

/// <summary>Collaboration sessions end to end: the CollabSession orchestration, the participants' queues, an agent.</summary>
public sealed class CollabSessionApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Each participant's Role (created with the collab): its id is the participant's role_id and names its queue.</summary>
    private readonly ConcurrentDictionary<string, string> _roles = new();

    [Fact(Timeout = 120_000)]
    public async Task RoundRobin_GivesEachParticipantATurnInOrder_AndLogsTheMapEvents()
    {
        var (collab, context) = await ActiveCollabAsync("round_robin", "alice", "bob");
        await using var agent = new TestAgent([Role("alice"), Role("bob")], _ => AgentResult.Completed);

        var (started, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start", new { rounds = 2, prompt = "review the diff" });
        var session = await SessionAsync(collab);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(["alice", "bob", "alice", "bob"], agent.Received.Select(w => w.ParticipantId));
        Assert.All(agent.Received, w => Assert.Equal(WorkItem.CollabTurn, w.Kind));
        Assert.Equal([1, 1, 2, 2], session["turns"]!.AsArray().Select(t => t!["round"]!.GetValue<int>()));
        var map = await MapEventsAsync(collab, context);
        Assert.Equal(
            ["MAPSessionStarted", "MAPRolesAssigned", .. Enumerable.Repeat<string[]>(["MAPTurnDispatched", "MAPTurnCompleted"], 4).SelectMany(t => t), "MAPSessionCompleted"],
            map.Select(ProtocolLog.TypeOf));
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4], map.Where(e => e["payload"]!["turn_number"] is not null).Select(e => e["payload"]!["turn_number"]!.GetValue<int>()));
        Assert.Equal([Role("alice"), Role("bob")], map[1]["target_roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact(Timeout = 120_000)]
    public async Task Broadcast_AsksEveryParticipant_AndGathersTheAnswers()
    {
        var (collab, context) = await ActiveCollabAsync("broadcast", "alice", "bob", "carol");
        await using var agent = new TestAgent([Role("alice"), Role("bob"), Role("carol")], _ => AgentResult.Completed);

        await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start");
        var session = await SessionAsync(collab);

        Assert.Equal(3, session["turns"]!.AsArray().Count(t => t!["status"]!.GetValue<string>() == "completed"));
        var types = (await MapEventsAsync(collab, context)).Select(ProtocolLog.TypeOf).ToList();
        Assert.Equal(["MAPSessionStarted", "MAPRolesAssigned", "MAPBroadcastSent", "MAPTurnDispatched", "MAPTurnDispatched", "MAPTurnDispatched"], types.Take(6));
        Assert.Equal(3, types.Count(t => t == "MAPBroadcastReceived"));
        Assert.Equal(3, types.Count(t => t == "MAPTurnCompleted"));
        Assert.Equal("MAPSessionCompleted", types[^1]);
    }

    [Fact(Timeout = 120_000)]
    public async Task SilentParticipant_TimesOut_AndTheSessionGoesOn()
    {
        var (collab, _) = await ActiveCollabAsync("round_robin", "alice", "bob");
        await using var agent = new TestAgent([Role("alice"), Role("bob")], w => w.ParticipantId == "alice" ? null : AgentResult.Completed);

        // Long enough for an answer through the queues under load; alice never answers.
        await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start", new { turn_timeout_seconds = 10 });
        var session = await SessionAsync(collab);

        Assert.Equal(["timed_out", "completed"], session["turns"]!.AsArray().Select(t => t!["status"]!.GetValue<string>()));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("pair", "active", "MODE_NOT_SUPPORTED")]
    [InlineData("round_robin", "draft", "COLLAB_NOT_ACTIVE")]
    public async Task Start_UnsupportedModeOrInactiveCollab_Is409(string mode, string status, string code)
    {
        var (collab, _) = await ActiveCollabAsync(mode, ["alice"], status);

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_HoldingOnlyCollabWrite_Is403_AndCollabExecuteStartsIt()
    {
        var (collab, context) = await ActiveCollabAsync("round_robin", "alice");
        using var writer = await api.ClientHoldingAsync(["collab:read", "collab:write"], context);
        using var executor = await api.ClientHoldingAsync(["collab:read", Capabilities.CollabExecute], context);

        var (refused, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start", new { turn_timeout_seconds = 5 }, client: writer);
        var (started, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start", new { turn_timeout_seconds = 5 }, client: executor);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(Capabilities.CollabExecute, problem["required_capability"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_RoleIdNamingNoRole_Is422AtItsPath()
    {
        var (collab, _) = await ActiveCollabAsync("round_robin", ["alice", "bob"], "active", p => p == "bob" ? "no-such-role" : null);

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("RULE_VIOLATION", problem["code"]!.GetValue<string>());
        Assert.Equal(["/participants/1/role_id"], problem["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()));
    }

    [Fact(Timeout = 120_000)]
    public async Task ClaimTurn_OnlyByAHolderOfTheParticipantsRoleInTheCollabsContext()
    {
        var (collab, context) = await ActiveCollabAsync("round_robin", "alice");
        using var stranger = await api.ClientHoldingAsync([Capabilities.PlanWork], context, roleName: "alice");
        using var alice = await HolderOfAsync(Role("alice"), context);
        await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start", new { turn_timeout_seconds = 60 });
        var queue = new QueueClient(TestEnvironment.StorageConnectionString, AgentQueues.WorkQueueOf(Role("alice")));
        await Executions.WaitUntilAsync(async () => await queue.ExistsAsync() && (await queue.PeekMessagesAsync(1)).Value.Length > 0, () => "the turn to be queued");

        var (refused, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/agents/{Role("alice")}/work/claim", client: stranger);
        var (claimed, turn) = await api.SendAsync(HttpMethod.Post, $"/api/v1/agents/{Role("alice")}/work/claim", client: alice);
        var (posted, answer) = await api.SendAsync(HttpMethod.Post, "/api/v1/agents/results", new JsonObject
        {
            ["version"] = 1,
            ["work_id"] = turn["work_id"]?.GetValue<string>(),
            ["execution_id"] = turn["execution_id"]?.GetValue<string>(),
            ["status"] = "completed",
            ["output"] = "my turn",
            ["claim_token"] = turn["claim_token"]?.GetValue<string>(),
        }, client: alice);
        var session = await SessionAsync(collab);

        Assert.Equal(HttpStatusCode.NoContent, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal(WorkItem.CollabTurn, turn["kind"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.True(answer["delivered"]!.GetValue<bool>());
        Assert.Equal(["completed"], session["turns"]!.AsArray().Select(t => t!["status"]!.GetValue<string>()));
    }

    private string Role(string participant) => _roles[participant];

    /// <summary>A client for a new principal holding the existing role <paramref name="roleId"/> (with plan:work) within <paramref name="context"/>.</summary>
    private async Task<HttpClient> HolderOfAsync(string roleId, string context)
    {
        var principal = TestEnvironment.UniqueName("agent");
        var (assigned, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{roleId}/assignments", new { principal, context_id = context });
        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        return api.NewClient(api.Tokens.For(principal));
    }

    private Task<(string Collab, string Context)> ActiveCollabAsync(string mode, params string[] participants) => ActiveCollabAsync(mode, participants, "active");

    /// <summary>A collab whose participants hold a new Role each (with plan:work), unless <paramref name="roleIdOf"/> names another role_id.</summary>
    private async Task<(string Collab, string Context)> ActiveCollabAsync(string mode, string[] participants, string status, Func<string, string?>? roleIdOf = null)
    {
        var context = await api.NewContextAsync();
        foreach (var participant in participants)
        {
            var (made, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = TestEnvironment.UniqueName(participant), capabilities = new[] { Capabilities.PlanWork } });
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
            _roles[participant] = roleIdOf?.Invoke(participant) ?? role["role_id"]!.GetValue<string>();
        }

        var (created, collab) = await api.SendAsync(HttpMethod.Post, "/api/v1/collabs", new JsonObject
        {
            ["context_id"] = context,
            ["title"] = "session",
            ["purpose"] = "talk",
            ["mode"] = mode,
            ["status"] = status,
            ["participants"] = new JsonArray([.. participants.Select(p => (JsonNode)new JsonObject { ["participant_id"] = p, ["kind"] = "agent", ["role_id"] = Role(p) })]),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (collab["collab_id"]!.GetValue<string>(), context);
    }

    private async Task<JsonObject> SessionAsync(string collab)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (_, session) = await api.SendAsync(HttpMethod.Get, $"/api/v1/collabs/{collab}/session");
            if (session["status"]?.GetValue<string>() == "completed")
            {
                return session;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the session did not complete: {session.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    /// <summary>The session's MAP events once it has completed, after checking the whole log against the schemas and invariants.</summary>
    private async Task<List<JsonObject>> MapEventsAsync(string collab, string context)
    {
        var log = await ProtocolLog.ReadUntilAsync(api, context, "map.session.completed");
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{context}");
        var (_, collabObject) = await api.SendAsync(HttpMethod.Get, $"/api/v1/collabs/{collab}");
        ProtocolLog.AssertValid(log);
        ProtocolLog.AssertInvariantsHold(log, new Dictionary<string, JsonNode> { ["context"] = stored, ["collab"] = collabObject });
        var map = ProtocolLog.Of(log, "MAP");
        Assert.All(map, e => Assert.Equal(collab, e["session_id"]!.GetValue<string>()));
        return map;
    }
}
