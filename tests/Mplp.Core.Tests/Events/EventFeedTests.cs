using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Mplp.Core.Events;
using Mplp.Core.Tests.Storage;
using Npgsql;

namespace Mplp.Core.Tests.Events;

/// <summary>The event log of record as readers see it: positions, filters and the wake-up.</summary>
public sealed class EventFeedTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task ReadAfterAsync_WhileConcurrentWritersAppend_NeverShowsALaterPositionBeforeAnEarlierOne()
    {
        var traceId = Guid.NewGuid().ToString();
        using var done = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                await storage.Writer.AppendAsync([Event(traceId, "x.one"), Event(traceId, "x.two")], CancellationToken.None);
            }
        })).ToList();

        // A reader that follows the log: each read must continue exactly where the last one ended.
        var after = 0L;
        var writing = Task.WhenAll(writers);
        while (!writing.IsCompleted || after < 240)
        {
            var page = await storage.Feed.ReadAfterAsync(traceId, after, 50, EventFilter.All, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, page.Events.Count).Select(n => after + n), page.Events.Select(e => e.Position));
            after = page.Events.Count > 0 ? page.Events[^1].Position : after;
        }

        await writing;
        Assert.Equal(240, after);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAfterAsync_Filters_ReturnOnlyMatchingEventsAndReadThroughTheRest()
    {
        var traceId = Guid.NewGuid().ToString();
        var plan = Guid.NewGuid().ToString();
        await storage.Writer.AppendAsync(
        [
            Event(traceId, "plan.created", new JsonObject { ["plan_id"] = plan }),
            Event(traceId, "pipeline.stage", new JsonObject { ["event_family"] = "pipeline_stage", ["plan_id"] = plan }),
            Event(traceId, "context.updated"),
            Event(traceId, "pipeline.stage", new JsonObject { ["event_family"] = "pipeline_stage", ["plan_id"] = Guid.NewGuid().ToString() }),
        ], CancellationToken.None);

        var byType = await storage.Feed.ReadAfterAsync(traceId, 0, 10, new EventFilter(["plan.created", "context.updated"], [], null), CancellationToken.None);
        var byFamilyAndPlan = await storage.Feed.ReadAfterAsync(traceId, 0, 10, new EventFilter([], ["pipeline_stage"], plan), CancellationToken.None);
        var none = await storage.Feed.ReadAfterAsync(traceId, 0, 10, new EventFilter(["no.such"], [], null), CancellationToken.None);

        Assert.Equal([1L, 3L], byType.Events.Select(e => e.Position));
        Assert.Equal([2L], byFamilyAndPlan.Events.Select(e => e.Position));
        Assert.Empty(none.Events);
        Assert.Equal(4, none.ReadThrough);
        Assert.Equal(4, byType.ReadThrough);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAfterAsync_FullPage_ReadsThroughItsLastEventOnly()
    {
        var traceId = Guid.NewGuid().ToString();
        await storage.Writer.AppendAsync([Event(traceId, "x.a"), Event(traceId, "x.b"), Event(traceId, "x.c")], CancellationToken.None);

        var page = await storage.Feed.ReadAfterAsync(traceId, 0, 2, EventFilter.All, CancellationToken.None);

        Assert.Equal(["x.a", "x.b"], page.Events.Select(e => e.Event["event_type"]!.GetValue<string>()));
        Assert.Equal(2, page.ReadThrough);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadAfterAsync_NoSuchTrace_IsEmptyAtTheSamePosition()
    {
        var page = await storage.Feed.ReadAfterAsync(Guid.NewGuid().ToString(), 7, 10, EventFilter.All, CancellationToken.None);

        Assert.Empty(page.Events);
        Assert.Equal(7, page.ReadThrough);
    }

    [Fact(Timeout = 30_000)]
    public async Task NextCommitAsync_CommitsThroughAnotherInstance_CompleteThroughTheListener()
    {
        // Another instance: its own listener, and no writer of its own to wake it directly. 300 traces
        // in one write fill more than one notification (payloads hold under 8000 bytes).
        using var other = new EventNotifications(storage.Database, NullLogger<EventNotifications>.Instance);
        await other.StartAsync(CancellationToken.None);
        try
        {
            var feed = new EventFeed(storage.Database, other);
            var traceIds = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid().ToString()).ToList();
            await ListeningAsync(other);
            var commits = traceIds.Select(feed.NextCommitAsync).ToList();
            await Task.Delay(200);
            Assert.DoesNotContain(commits, c => c.IsCompleted);

            await storage.Writer.AppendAsync([.. traceIds.Select(t => Event(t, "x.a"))], CancellationToken.None);

            await Task.WhenAll(commits).WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await other.StopAsync(CancellationToken.None);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task NextCommitAsync_CommitToAnotherTrace_StaysPending()
    {
        var commit = storage.Feed.NextCommitAsync(Guid.NewGuid().ToString());

        await storage.Writer.AppendAsync([Event(Guid.NewGuid().ToString(), "x.a")], CancellationToken.None);
        await Task.Delay(300);

        Assert.False(commit.IsCompleted);
    }

    [Fact(Timeout = 30_000)]
    public async Task Insert_WithoutAPosition_TakesTheNextOneAndIsRead()
    {
        // As a migration or an instance of the previous version writes: the trigger numbers it.
        var traceId = Guid.NewGuid().ToString();
        await storage.Writer.AppendAsync([Event(traceId, "x.a")], CancellationToken.None);
        await using (var connection = await storage.Database.OpenConnectionAsync(CancellationToken.None))
        await using (var command = new NpgsqlCommand("INSERT INTO outbox (partition_key, event) VALUES ($1, $2::jsonb)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = traceId });
            command.Parameters.Add(new NpgsqlParameter { Value = Event(traceId, "x.raw").Event.ToJsonString() });
            await command.ExecuteNonQueryAsync();
        }

        var page = await storage.Feed.ReadAfterAsync(traceId, 1, 10, EventFilter.All, CancellationToken.None);

        Assert.Equal("x.raw", Assert.Single(page.Events, e => e.Position == 2).Event["event_type"]!.GetValue<string>());
    }

    /// <summary>
    /// Until the other instance's listener hears commits: probes written through this instance's
    /// writer, which wakes only this instance directly.
    /// </summary>
    private async Task ListeningAsync(EventNotifications other)
    {
        var probeTrace = Guid.NewGuid().ToString();
        while (true)
        {
            var heard = other.NextCommitAsync(probeTrace);
            await storage.Writer.AppendAsync([Event(probeTrace, "x.probe")], CancellationToken.None);
            if (await Task.WhenAny(heard, Task.Delay(500)) == heard)
            {
                return;
            }
        }
    }

    private static OutboxEvent Event(string traceId, string type, JsonObject? data = null)
        => TraceEvents.Create("context", type, Guid.Parse(traceId), DateTimeOffset.UtcNow, data ?? []);
}
