using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Events;
using Mplp.Core.Tests.Storage;

namespace Mplp.Core.Tests.Documents;

public sealed class DocumentStoreTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    private const string Table = "contexts";

    [Fact(Timeout = 30_000)]
    public async Task InsertAsync_NewId_StoresVersionOne()
    {
        var row = Row(Guid.NewGuid(), "draft");

        var stored = await storage.Documents.InsertAsync(Table, row, [], CancellationToken.None);
        var read = await storage.Documents.GetAsync(Table, row.Id, CancellationToken.None);

        Assert.Equal(1, stored!.Version);
        Assert.True(JsonNode.DeepEquals(row.Document, read!.Document));
    }

    [Fact(Timeout = 30_000)]
    public async Task InsertAsync_TakenId_ReturnsNullAndWritesNoEvent()
    {
        var row = Row(Guid.NewGuid(), "draft");
        await storage.Documents.InsertAsync(Table, row, [], CancellationToken.None);

        var second = await storage.Documents.InsertAsync(Table, row, [Event(row.Id)], CancellationToken.None);

        Assert.Null(second);
        Assert.Equal(0, await OutboxRowsForAsync(row.Id));
    }

    [Fact(Timeout = 30_000)]
    public async Task UpdateAsync_StaleVersion_ChangesNothing()
    {
        var row = Row(Guid.NewGuid(), "draft");
        await storage.Documents.InsertAsync(Table, row, [], CancellationToken.None);
        await storage.Documents.UpdateAsync(Table, row with { Status = "active" }, 1, [], CancellationToken.None);

        var stale = await storage.Documents.UpdateAsync(Table, row with { Status = "closed" }, 1, [Event(row.Id)], CancellationToken.None);

        Assert.Null(stale);
        Assert.Equal(0, await OutboxRowsForAsync(row.Id));
        var read = await storage.Documents.GetAsync(Table, row.Id, CancellationToken.None);
        Assert.Equal(2, read!.Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task ListAsync_PagesWithCursor_VisitsEveryRowOnceInInsertOrder()
    {
        var contextId = Guid.NewGuid();
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var row = Row(Guid.NewGuid(), "draft") with { ContextId = contextId };
            await storage.Documents.InsertAsync(Table, row, [], CancellationToken.None);
            ids.Add(row.Id);
        }

        var seen = new List<Guid>();
        long? after = null;
        do
        {
            var page = await storage.Documents.ListAsync(Table, new DocumentFilter(contextId, "draft"), new PageRequest(3, after), CancellationToken.None);
            seen.AddRange(page.Items.Select(i => i.Id));
            after = page.NextCursor is { } cursor && Cursor.TryDecode(cursor, out var position) ? position : null;
        }
        while (after is not null);

        Assert.Equal(ids, seen);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeleteAsync_CurrentVersion_RemovesRowAndQueuesEvent()
    {
        var row = Row(Guid.NewGuid(), "draft");
        await storage.Documents.InsertAsync(Table, row, [], CancellationToken.None);

        var deleted = await storage.Documents.DeleteAsync(Table, row.Id, 1, [Event(row.Id)], CancellationToken.None);

        Assert.Equal(DeleteOutcome.Deleted, deleted);
        Assert.Null(await storage.Documents.GetAsync(Table, row.Id, CancellationToken.None));
        Assert.Equal(1, await OutboxRowsForAsync(row.Id));
    }

    private async Task<long> OutboxRowsForAsync(Guid id)
    {
        await using var command = storage.DataSource.CreateCommand("SELECT count(*) FROM outbox WHERE event->'data'->>'context_id' = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id.ToString() });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static DocumentRow Row(Guid id, string status)
        => new(id, id, status, new JsonObject { ["context_id"] = id.ToString(), ["status"] = status, ["title"] = "t" });

    private static OutboxEvent Event(Guid id)
        => TraceEvents.Create("context", "context.updated", id, DateTimeOffset.UtcNow, new JsonObject { ["context_id"] = id.ToString() });
}
