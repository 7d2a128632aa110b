using System.Net;

namespace Mplp.Functions.Tests.Modules.Collabs;

/// <summary>A collab holds at most <c>Mplp:Limits:MaxCollabParticipants</c> participants (here 3).</summary>
[Collection(LimitsFixture.Collection)]
public sealed class CollabLimitTests(LimitsFixture api)
{
    [Fact(Timeout = 60_000)]
    public async Task Join_FullCollab_Returns409ListFullAndAddsNothing()
    {
        var (id, client) = await NewFullCollabAsync();

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{id}/participants", new { participant_id = "extra", kind = "agent" }, client: client);

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.Conflict, "LIST_FULL", "/participants");
        var (_, collab) = await api.SendAsync(HttpMethod.Get, $"/api/v1/collabs/{id}", client: client);
        Assert.Equal(LimitsFixture.SmallCap, collab["participants"]!.AsArray().Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Join_AfterALeave_FitsAgain()
    {
        var (id, client) = await NewFullCollabAsync();

        var (left, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/collabs/{id}/participants/p0", client: client);
        var (joined, collab) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{id}/participants", new { participant_id = "late", kind = "human" }, client: client);

        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(["p1", "p2", "late"], collab["participants"]!.AsArray().Select(p => p!["participant_id"]!.GetValue<string>()));
    }

    /// <summary>A collab at its participant cap, and a client holding only the collab capabilities in its context.</summary>
    private async Task<(string Id, HttpClient Client)> NewFullCollabAsync()
    {
        var (context, client) = await api.ContextAndClientAsync("collab:write", "collab:read");
        var (created, collab) = await api.SendAsync(HttpMethod.Post, "/api/v1/collabs", new
        {
            context_id = context,
            title = "review",
            purpose = "review the release",
            mode = "round_robin",
            participants = new[] { new { participant_id = "p0", kind = "agent" } },
        }, client: client);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = collab["collab_id"]!.GetValue<string>();
        for (var i = 1; i < LimitsFixture.SmallCap; i++)
        {
            var (joined, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{id}/participants", new { participant_id = $"p{i}", kind = "agent" }, client: client);
            Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        }

        return (id, client);
    }
}
