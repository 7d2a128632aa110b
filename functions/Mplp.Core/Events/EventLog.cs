using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Mplp.Core.Documents;

namespace Mplp.Core.Events;

/// <summary>
/// The archive of the event log (PostgreSQL's outbox is the log of record, see <see cref="EventFeed"/>)
/// in Azure Table Storage: one partition per trace, row keys begin with the zero-padded position so a
/// partition reads back in commit order.
/// </summary>
public sealed class EventLog(TableServiceClient tableService, IOptions<EventLogOptions> options)
{
    private const int MaxTransactionSize = 100;

    // A transaction's body may hold 4 MiB; events are at most 64 KiB of UTF-16 each, so 100 of them
    // may not fit: a transaction stops at this many characters of events (2 bytes each, JSON around them).
    private const int MaxTransactionChars = 1024 * 1024;
    private const string EventProperty = "Event";
    private const string PositionProperty = "Position";
    private readonly TableClient _table = tableService.GetTableClient(options.Value.TableName);
    private Task? _created;

    /// <summary>Upserts, so a batch re-sent after a crash does not duplicate events.</summary>
    public async Task AppendAsync(IReadOnlyList<ArchivedEvent> events, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        foreach (var partition in events.GroupBy(e => e.Event.PartitionKey))
        {
            foreach (var chunk in Transactions(partition.Select(ToEntity)))
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
        var from = Padded((page.After ?? 0) + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from}");
        var items = new List<JsonObject>(page.Limit);
        long last = 0;
        var hasMore = false;
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: page.Limit + 1, cancellationToken: cancellationToken))
        {
            if (items.Count == page.Limit)
            {
                hasMore = true;
                break;
            }

            items.Add(JsonNode.Parse(entity.GetString(EventProperty))!.AsObject());
            last = entity.GetInt64(PositionProperty)!.Value;
        }

        return new ResultPage<JsonObject>(items, hasMore ? Cursor.Encode(last) : null);
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

    // The row key is the position, then the outbox sequence. The position alone orders the partition;
    // the sequence makes the key unique across partitions too, because Azurite finds an entity through
    // its RowKey index first: with bare positions every trace's first event shares one row key, and each
    // upsert scans all of them (57 ms instead of 1.5 ms per transaction after 8,000 traces).
    private static TableEntity ToEntity(ArchivedEvent archived)
        => new(archived.Event.PartitionKey, $"{Padded(archived.Position)}.{Padded(archived.Sequence)}")
        {
            [EventProperty] = archived.Event.Event.ToJsonString(),
            [PositionProperty] = archived.Position,
            ["EventType"] = archived.Event.Event["event_type"]?.GetValue<string>(),
        };

    private static string Padded(long number) => number.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An outbox row on its way to the archive: its sequence, its position in its trace, the event.</summary>
public sealed record ArchivedEvent(long Sequence, long Position, OutboxEvent Event);
