using System.Net;

namespace Mplp.Functions.Tests.Modules.Collabs;

public sealed class CollabApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task JoinAndLeave_ChangeTheParticipants()
    {
        var id = await NewCollabAsync();

        var (joined, afterJoin) = await api.SendAsync(HttpMethod.Post, $"/api/v1/collabs/{id}/participants", new { participant_id = "reviewer", kind = "human" });
        var (left, afterLeave) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/collabs/{id}/participants/planner");

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(["planner", "reviewer"], afterJoin["participants"]!.AsArray().Select(p => p!["participant_id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Equal(["reviewer"], afterLeave["participants"]!.AsArray().Select(p => p!["participant_id"]!.GetValue<string>()));
        ApiFixture.AssertValid("collab", afterLeave);
    }

    [Fact(Timeout = 30_000)]
    public async Task Leave_LastParticipant_Returns400AndStays()
    {
        var id = await NewCollabAsync();

        var (response, problem) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/collabs/{id}/participants/planner");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("/participants", problem["errors"]![0]!["path"]!.GetValue<string>());
        var (_, collab) = await api.SendAsync(HttpMethod.Get, $"/api/v1/collabs/{id}");
        Assert.Single(collab["participants"]!.AsArray());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("DELETE", "/participants/nobody", HttpStatusCode.NotFound, "PARTICIPANT_NOT_FOUND")]
    [InlineData("POST", "/participants", HttpStatusCode.UnprocessableEntity, "RULE_VIOLATION")]
    [InlineData("PATCH", "", HttpStatusCode.BadRequest, "VALIDATION_FAILED")]
    public async Task BadParticipantChanges_AreRefused(string method, string path, HttpStatusCode expected, string code)
    {
        var id = await NewCollabAsync();
        object? body = method switch
        {
            "POST" => new { participant_id = "planner", kind = "agent" },
            "PATCH" => new { participants = Array.Empty<object>() },
            _ => null,
        };

        var (response, problem) = await api.SendAsync(new HttpMethod(method), $"/api/v1/collabs/{id}{path}", body);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
    }

    private async Task<string> NewCollabAsync()
    {
        var (response, collab) = await api.SendAsync(HttpMethod.Post, "/api/v1/collabs", new
        {
            context_id = await api.NewContextAsync(),
            title = "review",
            purpose = "review the release",
            mode = "round_robin",
            participants = new[] { new { participant_id = "planner", kind = "agent" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        ApiFixture.AssertValid("collab", collab);
        return collab["collab_id"]!.GetValue<string>();
    }
}
