using System.Net;
using System.Text.Json.Nodes;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Modules.Traces;

/// <summary>
/// A trace id belongs to the one object bound to it (the instance manifest, a context, a role or a
/// trace): nobody reads or appends to another object's event log by naming its trace id.
/// </summary>
public sealed class TraceBindingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] TraceHolder = ["trace:write", "trace:read", "trace:append"];

    [Fact(Timeout = 60_000)]
    public async Task Create_TraceWithTheManifestsTraceId_Returns409AndTheAuditLogStaysUnreachable()
    {
        var context = await api.NewContextAsync();
        using var writer = await api.ClientHoldingAsync(TraceHolder);
        var (_, manifest) = await api.SendAsync(HttpMethod.Get, "/api/v1/core");
        var manifestTrace = manifest["trace"]!["trace_id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = TestEnvironment.UniqueName("agent") });
        await api.EventTypesAsync(manifestTrace, 1, CancellationToken.None);

        var (created, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { trace_id = manifestTrace, context_id = context, status = "running" }, client: writer);
        var (read, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{manifestTrace}/events", client: writer);
        var (appended, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{manifestTrace}/events", new { events = new[] { Event() } }, client: writer);

        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
        Assert.Equal("TRACE_ID_TAKEN", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, appended.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_TraceWithAnotherContextsTraceId_Returns409()
    {
        var mine = await api.NewContextAsync();
        var (_, other) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{await api.NewContextAsync()}");
        using var writer = await api.ClientHoldingAsync(TraceHolder, mine);
        var otherTrace = other["trace"]!["trace_id"]!.GetValue<string>();

        var (created, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { trace_id = otherTrace, context_id = mine, status = "running" }, client: writer);
        var (read, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{otherTrace}/events", client: writer);

        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
        Assert.Equal("TRACE_ID_TAKEN", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_ContextOrRoleWithATakenTraceId_Returns409()
    {
        var (_, taken) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{await api.NewContextAsync()}");
        var trace = new { trace_id = taken["trace"]!["trace_id"]!.GetValue<string>(), span_id = Guid.NewGuid().ToString() };

        var (context, contextProblem) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" }, trace });
        var (role, roleProblem) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = TestEnvironment.UniqueName("role"), capabilities = new[] { "plan:read" }, trace });

        Assert.Equal(HttpStatusCode.Conflict, context.StatusCode);
        Assert.Equal("TRACE_ID_TAKEN", contextProblem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, role.StatusCode);
        Assert.Equal("TRACE_ID_TAKEN", roleProblem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_WithTheIdOfADeletedTrace_Returns409()
    {
        var context = await api.NewContextAsync();
        var (_, trace) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = context });
        var id = trace["trace_id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Delete, $"/api/v1/traces/{id}");

        var (again, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { trace_id = id, context_id = await api.NewContextAsync() });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("TRACE_ID_TAKEN", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_WithFreshTraceIdsOfTheClient_Returns201AndServesTheirEvents()
    {
        var context = await api.NewContextAsync();
        using var writer = await api.ClientHoldingAsync(TraceHolder, context);
        var traceId = Guid.NewGuid().ToString();
        var contextTrace = new { trace_id = Guid.NewGuid().ToString(), span_id = Guid.NewGuid().ToString() };

        var (created, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { trace_id = traceId, context_id = context, status = "running" }, client: writer);
        var (appended, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{traceId}/events", new { events = new[] { Event() } }, client: writer);
        var (read, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{traceId}/events", client: writer);
        var (ownContext, stored) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" }, trace = contextTrace });
        var (contextEvents, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{stored["context_id"]}/events");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, appended.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ownContext.StatusCode);
        Assert.Equal(contextTrace.trace_id, stored["trace"]!["trace_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, contextEvents.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Events_ContextScopedHolder_ReachesOnlyTracesOfItsContexts()
    {
        var mine = await api.NewContextAsync();
        var other = await api.NewContextAsync();
        var (_, myTrace) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = mine, status = "running" });
        var (_, otherTrace) = await api.SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = other, status = "running" });
        using var scoped = await api.ClientHoldingAsync(["trace:read", "trace:append"], mine);

        var (readOther, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{otherTrace["trace_id"]}/events", client: scoped);
        var (appendOther, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{otherTrace["trace_id"]}/events", new { events = new[] { Event() } }, client: scoped);
        var (otherContext, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{other}/events", client: scoped);
        var (readMine, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/traces/{myTrace["trace_id"]}/events", client: scoped);
        var (appendMine, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/traces/{myTrace["trace_id"]}/events", new { events = new[] { Event() } }, client: scoped);
        var (myContext, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{mine}/events", client: scoped);

        Assert.Equal(HttpStatusCode.Forbidden, readOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, appendOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherContext.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readMine.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, appendMine.StatusCode);
        Assert.Equal(HttpStatusCode.OK, myContext.StatusCode);
    }

    private static JsonObject Event() => new() { ["event_type"] = "agent.note", ["source"] = "agent", ["data"] = new JsonObject { ["n"] = 1 } };
}
