using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Traces;

/// <summary>A finished trace brought in with its events: kept as sent, in its log, and only by a principal who may append.</summary>
public sealed class TraceImportApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Create_CompletedWithEvents_KeepsThemAsSentAndLogsThemWithTheirIdsAndTimes()
    {
        var trace = Imported(await api.NewContextAsync(), "completed");

        var (response, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", trace);
        var id = created["trace_id"]!.GetValue<string>();
        var logged = await ReadEventsAsync(id, 2);
        var (append, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{id}/events", new { events = new[] { new { event_type = "a.b", source = "s" } } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        ApiFixture.AssertValid("trace", created);
        Assert.Equal(trace["events"]!.ToJsonString(), created["events"]!.ToJsonString());
        Assert.Equal(Ids(trace), logged.Select(e => e["event_id"]!.GetValue<string>()));
        Assert.All(logged, e => Assert.Equal("2025-01-28T15:30:00.000Z", e["timestamp"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, append.StatusCode);  // a final trace takes no more events
        Assert.Equal("READ_ONLY_STATE", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_WithEventsByAPrincipalWithoutTraceAppend_Is403AndCreatesNothing()
    {
        var context = await api.NewContextAsync();
        var writer = await api.ClientHoldingAsync(["trace:write", "trace:read"], context);
        var trace = Imported(context, "failed");

        var (refused, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", trace, client: writer);
        var (missing, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{trace["trace_id"]}");
        var (control, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = context, status = "running" }, client: writer);
        var importer = await api.ClientHoldingAsync(["trace:write", "trace:append"], context);
        var (imported, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", trace, client: importer);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("trace:append", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, control.StatusCode);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_WithAnEventOfAnotherTraceOrARepeatedId_Is422AndCreatesNothing()
    {
        var trace = Imported(await api.NewContextAsync(), "completed");
        var events = trace["events"]!.AsArray();
        events[0]!["trace_id"] = Guid.NewGuid().ToString();
        events[1]!["event_id"] = events[0]!["event_id"]!.GetValue<string>();

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", trace);
        var (missing, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{trace["trace_id"]}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["/events/0/trace_id", "/events/1/event_id"], problem["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static JsonObject Imported(string context, string status) => new()
    {
        ["trace_id"] = Guid.NewGuid().ToString(),
        ["context_id"] = context,
        ["status"] = status,
        ["started_at"] = "2025-01-28T15:00:00.000Z",
        ["finished_at"] = "2025-01-28T15:31:00.000Z",
        ["events"] = new JsonArray(
            new JsonObject { ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = "step.started", ["source"] = "runtime.elsewhere", ["timestamp"] = "2025-01-28T15:30:00.000Z" },
            new JsonObject { ["event_id"] = Guid.NewGuid().ToString(), ["event_type"] = "step.completed", ["source"] = "runtime.elsewhere", ["timestamp"] = "2025-01-28T15:30:00.000Z", ["data"] = new JsonObject { ["n"] = 1 } }),
    };

    private static IEnumerable<string> Ids(JsonObject trace) => trace["events"]!.AsArray().Select(e => e!["event_id"]!.GetValue<string>());

    private async Task<List<JsonObject>> ReadEventsAsync(string id, int expected)
    {
        while (true)
        {
            var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{id}/events");
            var events = page["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
            if (events.Count >= expected)
            {
                return events;
            }

            await Task.Delay(100);
        }
    }
}
