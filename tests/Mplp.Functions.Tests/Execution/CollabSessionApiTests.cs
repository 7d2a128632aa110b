using System.Net;
using System.Text.Json.Nodes;
using Mplp.Core.Agents;

namespace Mplp.Functions.Tests.Execution;

/// <summary>Collaboration sessions end to end: the CollabSession orchestration, the participants' queues, an agent.</summary>
public sealed class CollabSessionApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

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
        var types = await EventTypesAsync(context, 1 + 4 + 4 + 1);
        Assert.Equal(4, types.Count(t => t == "MAPTurnDispatched"));
        Assert.Equal(4, types.Count(t => t == "MAPTurnCompleted"));
        Assert.Contains("MAPSessionStarted", types);
        Assert.Contains("MAPSessionCompleted", types);
    }

    [Fact(Timeout = 120_000)]
    public async Task Broadcast_AsksEveryParticipant_AndGathersTheAnswers()
    {
        var (collab, context) = await ActiveCollabAsync("broadcast", "alice", "bob", "carol");
        await using var agent = new TestAgent([Role("alice"), Role("bob"), Role("carol")], _ => AgentResult.Completed);

        await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{collab}/start");
        var session = await SessionAsync(collab);

        Assert.Equal(3, session["turns"]!.AsArray().Count(t => t!["status"]!.GetValue<string>() == "completed"));
        var types = await EventTypesAsync(context, 1 + 1 + 3 + 1);
        Assert.Equal(3, types.Count(t => t == "MAPBroadcastReceived"));
        Assert.Contains("MAPBroadcastSent", types);
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

    private string Role(string participant) => $"{participant}-{_suffix}";

    private Task<(string Collab, string Context)> ActiveCollabAsync(string mode, params string[] participants) => ActiveCollabAsync(mode, participants, "active");

    private async Task<(string Collab, string Context)> ActiveCollabAsync(string mode, string[] participants, string status)
    {
        var context = await api.NewContextAsync();
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

    private async Task<IReadOnlyList<string>> EventTypesAsync(string context, int atLeast)
    {
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{context}");
        // context.created and collab.created come first
        return await api.EventTypesAsync(stored["trace"]!["trace_id"]!.GetValue<string>(), atLeast + 2, CancellationToken.None);
    }
}
