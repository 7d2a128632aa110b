using System.Net;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Events;

/// <summary>GET .../events/stream: the log, live, over the dev host as a client's EventSource reads it.</summary>
public sealed class EventStreamTests(EventStreamFixture api) : IClassFixture<EventStreamFixture>, IDisposable
{
    private HttpClient? _client;

    /// <summary>The administrator's client, made anew after a host restart (its address changes).</summary>
    private HttpClient Client
    {
        get
        {
            if (_client?.BaseAddress != api.Client.BaseAddress)
            {
                _client?.Dispose();
                _client = EventStreamClient.Like(api.Client);
            }

            return _client!;
        }
    }

    public void Dispose() => _client?.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task Stream_EventCommittedWhileQuiet_ArrivesBeforeTheNextHeartbeat()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var traceId = await api.NewTraceAsync();
        using var stream = await EventStreamClient.OpenAsync(Client, $"/api/v1/traces/{traceId}/events/stream");
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no", stream.Response.Headers.GetValues("X-Accel-Buffering").Single());

        // Quiet until a heartbeat: the next one is a full interval away, so only a wake-up can deliver sooner.
        Assert.Equal("heartbeat", (await stream.ReadAsync(timeout.Token))!.Comment);
        await api.AppendAsync(traceId, "step.started");
        var frame = await stream.ReadAsync(timeout.Token);

        Assert.Null(frame!.Comment);
        Assert.Equal("1", frame.Id);
        Assert.Equal("step.started", frame.Type);
        Assert.Equal(traceId, frame.Event!["trace_id"]!.GetValue<string>());
    }

    [Fact(Timeout = 120_000)]
    public async Task Stream_ResumedWithLastEventIdAcrossAHostRestart_MissesAndRepeatsNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(110));
        var traceId = await api.NewTraceAsync();
        var path = $"/api/v1/traces/{traceId}/events/stream";
        await api.AppendAsync(traceId, "a.one", "a.two", "a.three");
        string lastSeen;
        using (var first = await EventStreamClient.OpenAsync(Client, path))
        {
            lastSeen = (await first.ReadEventsAsync(2, timeout.Token))[^1].Id!;
        }

        await api.AppendAsync(traceId, "b.one", "b.two");
        await api.KillAndRestartHostAsync();
        await api.AppendAsync(traceId, "c.one");
        using var resumed = await EventStreamClient.OpenAsync(Client, path, lastEventId: lastSeen);
        var rest = await resumed.ReadEventsAsync(4, timeout.Token);

        Assert.Equal("2", lastSeen);
        Assert.Equal(["3", "4", "5", "6"], rest.Select(f => f.Id));
        Assert.Equal(["a.three", "b.one", "b.two", "c.one"], rest.Select(f => f.Type));
        // The query parameter resumes the same way when no header is sent.
        using var byQuery = await EventStreamClient.OpenAsync(Client, $"{path}?last_event_id=5");
        Assert.Equal("c.one", (await byQuery.ReadEventsAsync(1, timeout.Token))[0].Type);
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_FilteredByEventType_DeliversOnlyThoseAtTheirPositions()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var traceId = await api.NewTraceAsync();
        await api.AppendAsync(traceId, "step.started", "note.added", "step.completed", "note.added");

        using var stream = await EventStreamClient.OpenAsync(Client, $"/api/v1/traces/{traceId}/events/stream?event_type=step.started,step.completed");
        var events = await stream.ReadEventsAsync(2, timeout.Token);
        await api.AppendAsync(traceId, "note.added", "step.failed", "step.started");
        var next = await stream.ReadEventsAsync(1, timeout.Token);

        Assert.Equal([("1", "step.started"), ("3", "step.completed"), ("7", "step.started")], events.Concat(next).Select(f => (f.Id!, f.Type!)));
    }

    public static TheoryData<string, string?, string> BadRequests() => new()
    {
        { "?colour=red", null, "INVALID_QUERY_PARAMETER" },
        { "?event_family=not_a_family", null, "INVALID_QUERY_PARAMETER" },
        { "?event_type=has space", null, "INVALID_QUERY_PARAMETER" },
        { "?plan_id=not-a-uuid", null, "INVALID_QUERY_PARAMETER" },
        { "?last_event_id=-1", null, "INVALID_QUERY_PARAMETER" },
        { "", "abc", "INVALID_HEADER" },
        { "", "1 2", "INVALID_HEADER" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadRequests))]
    public async Task Stream_BadParameterOrLastEventId_Returns400Problem(string query, string? lastEventId, string code)
    {
        var traceId = await api.NewTraceAsync();

        using var stream = await EventStreamClient.OpenAsync(Client, $"/api/v1/traces/{traceId}/events/stream{query}", lastEventId);

        Assert.Equal(HttpStatusCode.BadRequest, stream.Status);
        Assert.Equal("application/problem+json", stream.Response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(code, await stream.ReadBodyAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_PastTheInstanceCap_Returns503WithRetryAfterUntilOneCloses()
    {
        var traceId = await api.NewTraceAsync();
        var path = $"/api/v1/traces/{traceId}/events/stream";
        var open = new List<EventStreamClient>();
        try
        {
            for (var i = 0; i < EventStreamFixture.MaxStreams; i++)
            {
                open.Add(await OpenOnceFreedAsync(path));
                Assert.Equal(HttpStatusCode.OK, open[^1].Status);
            }

            using (var refused = await EventStreamClient.OpenAsync(Client, path))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
                Assert.NotNull(refused.Response.Headers.RetryAfter);
                Assert.Contains("TOO_MANY_STREAMS", await refused.ReadBodyAsync());
            }

            open[0].Dispose();
            open.RemoveAt(0);
            open.Add(await OpenOnceFreedAsync(path));
            Assert.Equal(HttpStatusCode.OK, open[^1].Status);
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_OfAContext_TakesTheAccessOfItsLogRead()
    {
        var mine = await api.NewContextAsync();
        var other = await api.NewContextAsync();
        using var scoped = await api.ClientHoldingAsync(["trace:read"], contextId: mine);
        using var anonymous = api.NewClient(null);
        using var scopedStreams = EventStreamClient.Like(scoped);

        using var readMine = await EventStreamClient.OpenAsync(scopedStreams, $"/api/v1/contexts/{mine}/events/stream");
        using var readOther = await EventStreamClient.OpenAsync(scopedStreams, $"/api/v1/contexts/{other}/events/stream");
        var (listOther, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{other}/events", client: scoped);
        using var unauthenticated = await EventStreamClient.OpenAsync(EventStreamClient.Like(anonymous), $"/api/v1/contexts/{mine}/events/stream");

        Assert.Equal(HttpStatusCode.OK, readMine.Status);
        Assert.Equal("context.created", (await readMine.ReadEventsAsync(1, CancellationToken.None))[0].Type);
        Assert.Equal(listOther.StatusCode, readOther.Status);
        Assert.Equal(HttpStatusCode.Forbidden, readOther.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_ReaderWhoseAssignmentIsRevoked_EndsWithoutTheEventsAfter()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var contextId = await api.NewContextAsync();
        var (_, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = TestEnvironment.UniqueName("stream-reader"), capabilities = new[] { "trace:read" } });
        var roleId = role["role_id"]!.GetValue<string>();
        var principal = TestEnvironment.UniqueName("principal");
        var (_, assignment) = await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{roleId}/assignments", new { principal, context_id = contextId });
        using var reader = api.NewClient(api.Tokens.For(principal));
        using var readerStreams = EventStreamClient.Like(reader);
        var path = $"/api/v1/contexts/{contextId}/events/stream";
        using var stream = await EventStreamClient.OpenAsync(readerStreams, path);
        // Control: while the assignment holds, the reader reads.
        Assert.Equal("context.created", (await stream.ReadEventsAsync(1, timeout.Token))[0].Type);

        var (revoked, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/roles/{roleId}/assignments/{assignment["assignment_id"]!.GetValue<string>()}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await Task.Delay(EventStreamFixture.Reauthorize * 1.5, timeout.Token);
        var (patched, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{contextId}", new { summary = "written after the revocation" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var rest = new List<EventStreamClient.Frame>();
        while (await stream.ReadAsync(timeout.Token) is { } frame)
        {
            rest.Add(frame);
        }

        // What was logged within the interval may still arrive (the revocation's own role.unassigned); nothing after it.
        Assert.DoesNotContain(rest, f => f.Type == "context.updated");
        Assert.Equal("access ended (403 FORBIDDEN)", rest[^1].Comment);
        using var reopened = await EventStreamClient.OpenAsync(readerStreams, path);
        Assert.Equal(HttpStatusCode.Forbidden, reopened.Status);
    }

    /// <summary>A closed stream (of this test or one before) frees its slot when the server notices the client left, a moment later.</summary>
    private async Task<EventStreamClient> OpenOnceFreedAsync(string path)
    {
        while (true)
        {
            var stream = await EventStreamClient.OpenAsync(Client, path);
            if (stream.Status != HttpStatusCode.ServiceUnavailable)
            {
                return stream;
            }

            stream.Dispose();
            await Task.Delay(100);
        }
    }
}
