using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Mplp.Core.Documents;

namespace Mplp.Core.Events;

/// <summary>
/// The archive of the event log (PostgreSQL's outbox is the log of record, see <see cref="EventFeed"/>)
/// in Azure Table Storage: one partition per trace, row keys are the zero-padded positions so a
/// partition reads back in commit order.
/// </summary>
public sealed class EventLog(TableServiceClient tableService, IOptions<EventLogOptions> options)
{
    private const int MaxTransactionSize = 100;

    // A transaction's body may hold 4 MiB; events are at most 64 KiB of UTF-16 each, so 100 of them
    // may not fit: a transaction stops at this many characters of events (2 bytes each, JSON around them).
    private const int MaxTransactionChars = 1024 * 1024;
    private const string EventProperty = "Event";
    private readonly TableClient _table = tableService.GetTableClient(options.Value.TableName);
    private Task? _created;

    /// <summary>Upserts, so a batch re-sent after a crash does not duplicate events.</summary>
    public async Task AppendAsync(IReadOnlyList<(long Position, OutboxEvent Event)> events, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        foreach (var partition in events.GroupBy(e => e.Event.PartitionKey))
        {
            foreach (var chunk in Transactions(partition.Select(e => ToEntity(e.Position, e.Event))))
            {
                await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Whether storage refused the request for what it holds (400 invalid input, 413 too large):
    /// sending it again would fail again. Anything else (timeouts, 5xx, throttling) may pass later.
    /// </summary>
    public static bool IsRefusal(RequestFailedException exception) => exception.Status is 400 or 413;

    /// <summary>Reads a partition in commit order, one page after the cursor position.</summary>
    public async Task<ResultPage<JsonObject>> ReadAsync(string partitionKey, PageRequest page, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var after = RowKey(page.After ?? 0);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {after}");
        var items = new List<JsonObject>(page.Limit);
        string? lastRowKey = null;
        var hasMore = false;
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: page.Limit + 1, cancellationToken: cancellationToken))
        {
            if (items.Count == page.Limit)
            {
                hasMore = true;
                break;
            }

            items.Add(JsonNode.Parse(entity.GetString(EventProperty))!.AsObject());
            lastRowKey = entity.RowKey;
        }

        return new ResultPage<JsonObject>(items, hasMore ? Cursor.Encode(long.Parse(lastRowKey!, System.Globalization.CultureInfo.InvariantCulture)) : null);
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureTableAsync(cancellationToken);
            await foreach (var _ in _table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return true;
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or OperationCanceledException)
        {
            _created = null;
            return false;
        }
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        // Creating the table once per process; a failed attempt is retried by the next caller.
        var created = _created ??= _table.CreateIfNotExistsAsync(cancellationToken);
        if (created.IsFaulted || created.IsCanceled)
        {
            _created = null;
        }

        return created;
    }

    private static IEnumerable<List<TableEntity>> Transactions(IEnumerable<TableEntity> entities)
    {
        var chunk = new List<TableEntity>();
        var chars = 0;
        foreach (var entity in entities)
        {
            var size = entity.GetString(EventProperty).Length;
            if (chunk.Count == MaxTransactionSize || (chunk.Count > 0 && chars + size > MaxTransactionChars))
            {
                yield return chunk;
                chunk = [];
                chars = 0;
            }

            chunk.Add(entity);
            chars += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static TableEntity ToEntity(long position, OutboxEvent outboxEvent)
        => new(outboxEvent.PartitionKey, RowKey(position))
        {
            [EventProperty] = outboxEvent.Event.ToJsonString(),
            ["EventType"] = outboxEvent.Event["event_type"]?.GetValue<string>(),
        };

    private static string RowKey(long position) => position.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
