using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Contexts;

public sealed class ContextApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static object Demo(string? id = null, string status = "draft") => id is null
        ? new { title = "demo", root = new { domain = "ops", environment = "dev" }, status }
        : new { context_id = id, title = "demo", root = new { domain = "ops", environment = "dev" }, status };

    [Fact(Timeout = 30_000)]
    public async Task Create_DemoContext_Returns201WithServerFieldsAndValidObject()
    {
        var (response, body) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body["context_id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/contexts/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("1.0.0", body["meta"]!["protocol_version"]!.GetValue<string>());
        Assert.Equal(Testing.TestTokens.Admin, body["meta"]!["created_by"]!.GetValue<string>());
        Assert.Equal(id, body["trace"]!["context_id"]!.GetValue<string>());
        ApiFixture.AssertValid("context", body);
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_ClientIdTwice_SecondIs409AndFirstIsKept()
    {
        var id = Guid.NewGuid().ToString();
        await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo(id));

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { context_id = id, title = "other", root = new { domain = "x", environment = "y" }, status = "draft" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("CONTEXT_ALREADY_EXISTS", problem["code"]!.GetValue<string>());
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}");
        Assert.Equal("demo", stored["title"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_Created_Returns200WithSameObjectAndETag()
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo());
        var id = created["context_id"]!.GetValue<string>();

        var (response, body) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.True(JsonNode.DeepEquals(created, body));
        ApiFixture.AssertValid("context", body);
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_UnknownId_Returns404Problem()
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("CONTEXT_NOT_FOUND", problem["code"]!.GetValue<string>());
        Assert.Equal(404, problem["status"]!.GetValue<int>());
    }

    [Fact(Timeout = 60_000)]
    public async Task List_ByStatusWithSmallPages_ReturnsEveryMatchOnceInCreationOrder()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (_, body) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo(status: "active"));
            created.Add(body["context_id"]!.GetValue<string>());
        }

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var path = "/api/v1/contexts?status=active&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var (response, page) = await api.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var item in page["items"]!.AsArray())
            {
                ApiFixture.AssertValid("context", item!.AsObject());
                Assert.Equal("active", item["status"]!.GetValue<string>());
                listed.Add(item["context_id"]!.GetValue<string>());
            }

            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        // Other tests of this class create active contexts too; ours appear once each, in order.
        Assert.Equal(created, listed.Where(created.Contains));
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_WithCurrentETag_MergesAndBumpsVersion()
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo());
        var id = created["context_id"]!.GetValue<string>();

        var (response, body) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { status = "active", summary = "now running", tags = new[] { "a" } }, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        Assert.Equal("active", body["status"]!.GetValue<string>());
        Assert.Equal("now running", body["summary"]!.GetValue<string>());
        Assert.Equal("demo", body["title"]!.GetValue<string>());
        Assert.Equal(created["meta"]!["created_at"]!.GetValue<string>(), body["meta"]!["created_at"]!.GetValue<string>());
        ApiFixture.AssertValid("context", body);
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_StaleETag_Returns412AndChangesNothing()
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo());
        var id = created["context_id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { summary = "first" });

        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { summary = "second" }, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("PRECONDITION_FAILED", problem["code"]!.GetValue<string>());
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}");
        Assert.Equal("first", stored["summary"]!.GetValue<string>());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("draft", "suspended")]
    [InlineData("draft", "archived")]
    public async Task Patch_IllegalTransition_Returns409AndKeepsStatus(string from, string to)
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo(status: from));
        var id = created["context_id"]!.GetValue<string>();

        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { status = to });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("INVALID_STATE_TRANSITION", problem["code"]!.GetValue<string>());
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}");
        Assert.Equal(from, stored["status"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_ClosedContext_Returns409ReadOnly()
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo(status: "active"));
        var id = created["context_id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { status = "closed" });

        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { title = "renamed" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("READ_ONLY_STATE", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Delete_WithMatchingETag_Returns204ThenGone()
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo());
        var id = created["context_id"]!.GetValue<string>();

        var (stale, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/contexts/{id}", ifMatch: "\"9\"");
        var (deleted, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/contexts/{id}", ifMatch: "\"1\"");
        var (gone, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Mutations_EachAppendAnEventToTheContextTrace()
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo());
        var id = created["context_id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { status = "active" });
        await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { status = "active" }); // no change: no event
        await api.SendAsync(HttpMethod.Delete, $"/api/v1/contexts/{id}");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var types = await api.EventTypesAsync(created["trace"]!["trace_id"]!.GetValue<string>(), 3, timeout.Token);

        Assert.Equal(["context.created", "context.updated", "context.deleted"], types);
    }

    [Fact(Timeout = 60_000)]
    public async Task ListEvents_ContextAndItsPlan_AreInTheContextsLog()
    {
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo());
        var id = created["context_id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new { context_id = id, title = "p", objective = "o", steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } } });

        var types = new List<string>();
        while (types.Count < 2)
        {
            var (response, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}/events");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            types = [.. page["items"]!.AsArray().Select(e => e!["event_type"]!.GetValue<string>())];
            await Task.Delay(100);
        }

        Assert.Equal(["context.created", "plan.created"], types);
    }

    [Fact(Timeout = 60_000)]
    public async Task ListEvents_RightAfterEachAcknowledgedWrite_ShowsItsEvent()
    {
        for (var i = 0; i < 20; i++)
        {
            var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", Demo());
            var id = created["context_id"]!.GetValue<string>();
            var (_, afterCreate) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}/events");
            await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{id}", new { title = $"renamed {i}" });
            var (_, afterPatch) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{id}/events");

            Assert.Equal(["context.created"], afterCreate["items"]!.AsArray().Select(e => e!["event_type"]!.GetValue<string>()));
            Assert.Equal(["context.created", "context.updated"], afterPatch["items"]!.AsArray().Select(e => e!["event_type"]!.GetValue<string>()));
        }
    }
}
