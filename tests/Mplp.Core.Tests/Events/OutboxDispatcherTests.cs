using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Events;
using Mplp.Core.Tests.Storage;

namespace Mplp.Core.Tests.Events;

public sealed class OutboxDispatcherTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task DispatchBatchAsync_CommittedEvents_ReachTheEventLogInCommitOrderOnce()
    {
        var traceId = Guid.NewGuid();
        var id = Guid.NewGuid();
        var row = new DocumentRow(id, id, "draft", new JsonObject { ["context_id"] = id.ToString() });
        await storage.Documents.InsertAsync("contexts", row, [Event(traceId, "context.created")], CancellationToken.None);
        await storage.Documents.UpdateAsync("contexts", row with { Status = "active" }, 1, [Event(traceId, "context.updated")], CancellationToken.None);
        await storage.Documents.DeleteAsync("contexts", id, 2, [Event(traceId, "context.deleted")], CancellationToken.None);

        while (await storage.Dispatcher.DispatchBatchAsync(CancellationToken.None) > 0)
        {
        }

        var page = await storage.EventLog.ReadAsync(traceId.ToString(), new PageRequest(10, null), CancellationToken.None);
        Assert.Equal(["context.created", "context.updated", "context.deleted"], page.Items.Select(e => e["event_type"]!.GetValue<string>()));
        Assert.Null(page.NextCursor);
        Assert.Equal(0, await storage.Dispatcher.DispatchBatchAsync(CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task ReadAsync_MoreEventsThanLimit_PagesWithCursor()
    {
        var traceId = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
        {
            var id = Guid.NewGuid();
            var row = new DocumentRow(id, id, "draft", new JsonObject { ["n"] = i });
            await storage.Documents.InsertAsync("contexts", row, [Event(traceId, $"context.n{i}")], CancellationToken.None);
        }

        while (await storage.Dispatcher.DispatchBatchAsync(CancellationToken.None) > 0)
        {
        }

        var types = new List<string>();
        long? after = null;
        do
        {
            var page = await storage.EventLog.ReadAsync(traceId.ToString(), new PageRequest(2, after), CancellationToken.None);
            types.AddRange(page.Items.Select(e => e["event_type"]!.GetValue<string>()));
            after = page.NextCursor is { } cursor && Cursor.TryDecode(cursor, out var position) ? position : null;
        }
        while (after is not null);

        Assert.Equal(["context.n0", "context.n1", "context.n2", "context.n3", "context.n4"], types);
    }

    private static OutboxEvent Event(Guid traceId, string type)
        => TraceEvents.Create("context", type, traceId, DateTimeOffset.UtcNow, new JsonObject());
}
