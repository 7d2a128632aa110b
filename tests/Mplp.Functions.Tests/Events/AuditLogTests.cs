using System.Net;
using System.Text.Json.Nodes;
using Mplp.Core.Modules.Roles;
using Npgsql;

namespace Mplp.Functions.Tests.Events;

/// <summary>The audit log never stalls: no input makes an event storage refuses, so later events of any context still arrive.</summary>
public sealed class AuditLogTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 90_000)]
    public async Task Patch_FieldNameOf200KB_LaterEventsOfOtherContextsReachTheLog()
    {
        var hostile = await api.NewContextAsync();
        var body = new JsonObject { [new string('x', 200 * 1024)] = null, ["title"] = "patched" }.ToJsonString();
        var (patched, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{hostile}", body);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var other = await api.NewContextAsync();
        await PatchTitleAsync(other);

        var events = await EventsAsync(other, "context.updated");
        Assert.Contains(events, e => e["event_type"]!.GetValue<string>() == "context.updated");
        var hostileUpdate = (await EventsAsync(hostile, "context.updated")).Single(e => e["event_type"]!.GetValue<string>() == "context.updated");
        Assert.Equal(["title"], hostileUpdate["data"]!["changed"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact(Timeout = 90_000)]
    public async Task Append_EventOf8KNonAsciiCharacters_IsRefusedAndLaterEventsReachTheLog()
    {
        var context = await api.NewContextAsync();
        var (_, trace) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = context });
        var traceId = trace["trace_id"]!.GetValue<string>();
        var wide = new { events = new[] { new { event_type = "agent.output", source = "agent", data = new { output = new string('é', 8 * 1024) } } } };

        var (appended, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{traceId}/events", wide);

        Assert.Equal(HttpStatusCode.BadRequest, appended.StatusCode);
        Assert.Equal("/events/0", problem["errors"]![0]!["path"]!.GetValue<string>());
        var other = await api.NewContextAsync();
        await PatchTitleAsync(other);
        Assert.Contains(await EventsAsync(other, "context.updated"), e => e["event_type"]!.GetValue<string>() == "context.updated");
    }

    [Fact(Timeout = 90_000)]
    public async Task Append_EventWithinTheBound_IsAcceptedAndLogged()
    {
        var context = await api.NewContextAsync();
        var (_, trace) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = context });
        var traceId = trace["trace_id"]!.GetValue<string>();
        var narrow = new { events = new[] { new { event_type = "agent.output", source = "agent", data = new { output = new string('é', 4 * 1024) } } } };

        var (appended, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{traceId}/events", narrow);

        Assert.Equal(HttpStatusCode.Accepted, appended.StatusCode);
        Assert.Contains("agent.output", await api.EventTypesAsync(traceId, 1, new CancellationTokenSource(Arrival).Token));
    }

    [Fact(Timeout = 90_000)]
    public async Task ListDeadLetters_RowStorageRefused_AdministratorSeesItAndOthersAreRefused()
    {
        await api.NewContextAsync();
        long sequence;
        await using (var database = NpgsqlDataSource.Create(api.DatabaseConnectionString))
        {
            // A key Azure Table refuses ('/' is not allowed): no request can make such a row any more.
            await using var insert = database.CreateCommand("INSERT INTO outbox (partition_key, event) VALUES ('refused/key', '{\"event_type\":\"x.refused\"}') RETURNING seq");
            sequence = (long)(await insert.ExecuteScalarAsync())!;
        }

        using var notAdmin = await api.ClientHoldingAsync(Capabilities.All.Where(c => c != Capabilities.CoreAdmin));
        var (refused, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/events/dead-letters", client: notAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(Capabilities.CoreAdmin, problem["required_capability"]!.GetValue<string>());
        var deadline = DateTime.UtcNow + Arrival;
        while (true)
        {
            var (listed, page) = await api.SendAsync(HttpMethod.Get, "/api/v1/events/dead-letters?limit=200");
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            if (page["items"]!.AsArray().FirstOrDefault(l => l!["sequence"]!.GetValue<long>() == sequence) is { } letter)
            {
                Assert.Equal("refused/key", letter["trace_id"]!.GetValue<string>());
                Assert.Equal(3, letter["refusals"]!.GetValue<int>());
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the refused row was not dead-lettered in time");
            await Task.Delay(200);
        }
    }

    private async Task PatchTitleAsync(string contextId)
    {
        var (response, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{contextId}", new { title = "renamed" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The context's events once one of <paramref name="type"/> is among them; fails after <see cref="Arrival"/>.</summary>
    private async Task<List<JsonObject>> EventsAsync(string contextId, string type)
    {
        var deadline = DateTime.UtcNow + Arrival;
        while (true)
        {
            var (response, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{contextId}/events?limit=200");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var events = page["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
            if (events.Any(e => e["event_type"]!.GetValue<string>() == type))
            {
                return events;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {type} event of context {contextId} reached the log within {Arrival}");
            await Task.Delay(200);
        }
    }
}
