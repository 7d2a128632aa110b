using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Traces;

public sealed class TraceApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Create_WithoutRootSpan_GetsOneInItsOwnTrace()
    {
        var (response, trace) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = await api.NewContextAsync() });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(trace["trace_id"]!.GetValue<string>(), trace["root_span"]!["trace_id"]!.GetValue<string>());
        ApiFixture.AssertValid("trace", trace);
    }

    [Fact(Timeout = 60_000)]
    public async Task AppendEvents_Batch_IsReadBackInOrderAsMplpEvents()
    {
        var id = await NewTraceAsync();
        var batch = new { events = new[] { Event("step.started"), Event("step.completed"), Event("plan.completed") } };

        var (accepted, body) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{id}/events", batch);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(3, body["accepted"]!.GetValue<int>());
        var events = await ReadAllEventsAsync(id, 3);
        Assert.Equal(["step.started", "step.completed", "plan.completed"], events.Select(e => e["event_type"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal(id, e["trace_id"]!.GetValue<string>()));
    }

    public static TheoryData<string, string> BadBatches() => new()
    {
        { """{"events":[]}""", "/events" },
        { """{"events":"x"}""", "/events" },
        { """{"events":[{"event_type":"ok.type","source":"agent"},{"event_type":"Not Dotted","source":"agent"}]}""", "/events/1/event_type" },
        { """{"events":[{"event_type":"a.b"}]}""", "/events/0" },
        { """{"events":[{"event_type":"a.b","source":"agent","trace_id":"11111111-1111-4111-8111-111111111111"}]}""", "/events/0/trace_id" },
        { """{"events":[{"event_type":"a.b","source":"agent","colour":"red"}]}""", "/events/0/colour" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadBatches))]
    public async Task AppendEvents_BadBatch_Returns400AndAppendsNothing(string batch, string path)
    {
        var id = await NewTraceAsync();

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{id}/events", batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == path);
        var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{id}/events");
        Assert.Empty(page["items"]!.AsArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task AppendEvents_TooManyOrTooLarge_Returns400()
    {
        var id = await NewTraceAsync();
        var tooMany = new { events = Enumerable.Range(0, 101).Select(_ => Event("a.b")).ToArray() };
        var tooLarge = new { events = new[] { new { event_type = "a.b", source = "agent", data = new { blob = new string('x', 40_000) } } } };

        var (many, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{id}/events", tooMany);
        var (large, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{id}/events", tooLarge);

        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, large.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task AppendEvents_FinishedTrace_Returns409()
    {
        var id = await NewTraceAsync();
        await api.SendAsync(HttpMethod.Patch, $"/api/v1/traces/{id}", new { status = "completed" });

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{id}/events", new { events = new[] { Event("a.b") } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("READ_ONLY_STATE", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Events_UnknownTrace_Returns404()
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{Guid.NewGuid()}/events");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("TRACE_NOT_FOUND", problem["code"]!.GetValue<string>());
    }

    private async Task<string> NewTraceAsync()
    {
        var (response, trace) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = await api.NewContextAsync(), status = "running" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return trace["trace_id"]!.GetValue<string>();
    }

    private async Task<List<JsonObject>> ReadAllEventsAsync(string id, int expected)
    {
        while (true)
        {
            var events = new List<JsonObject>();
            string? cursor = null;
            do
            {
                var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{id}/events?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
                events.AddRange(page["items"]!.AsArray().Select(e => e!.AsObject()));
                cursor = page["next_cursor"]?.GetValue<string>();
            }
            while (cursor is not null);

            if (events.Count >= expected)
            {
                return events;
            }

            await Task.Delay(100);
        }
    }

    private static object Event(string type) => new { event_type = type, source = "agent.builder", data = new { n = 1 } };
}
