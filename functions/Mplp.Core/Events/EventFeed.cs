using System.Text.Json.Nodes;
using Mplp.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Events;

/// <summary>
/// Reads a trace's event log from PostgreSQL, the log of record: an event is here as soon as the
/// write that caused it is acknowledged, at its position in commit order. Nothing is deleted from
/// the log yet (no retention), so every position is read here; Table storage is only its archive.
/// </summary>
public sealed class EventFeed(MplpDatabase database, EventNotifications notifications)
{
    /// <summary>
    /// Up to <paramref name="limit"/> events of the partition after <paramref name="afterPosition"/>
    /// that pass <paramref name="filter"/>. The trace's counter and its events are read in one
    /// snapshot, so <see cref="FeedPage.ReadThrough"/> never passes an event the read did not see.
    /// </summary>
    public async Task<FeedPage> ReadAfterAsync(string partitionKey, long afterPosition, int limit, EventFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT e.position, e.event::text, head.last
            FROM outbox_positions head
            LEFT JOIN LATERAL (
                SELECT position, event FROM outbox
                WHERE partition_key = head.partition_key AND position > $2
                  AND (cardinality($3::text[]) = 0 OR event_type = ANY($3))
                  AND (cardinality($4::text[]) = 0 OR event_family = ANY($4))
                  AND ($5::text IS NULL OR plan_id = $5)
                ORDER BY position LIMIT $6) e ON true
            WHERE head.partition_key = $1
            ORDER BY e.position
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = partitionKey });
        command.Parameters.Add(new NpgsqlParameter { Value = afterPosition });
        command.Parameters.Add(new NpgsqlParameter { Value = filter.EventTypes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = filter.EventFamilies.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.PlanId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var events = new List<LoggedEvent>(Math.Min(limit, 100));
        var last = afterPosition;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last = Math.Max(last, reader.GetInt64(2));
            if (!reader.IsDBNull(0))
            {
                events.Add(new LoggedEvent(reader.GetInt64(0), JsonNode.Parse(reader.GetString(1))!.AsObject()));
            }
        }

        return new FeedPage(events, events.Count == limit ? events[^1].Position : last);
    }

    /// <summary>
    /// A task that completes at the next commit to the partition, on any instance. Taken before
    /// reading, it also catches a commit that lands while the read runs, so a reader that found
    /// nothing new waits on it without asking the database again.
    /// </summary>
    public Task NextCommitAsync(string partitionKey) => notifications.NextCommitAsync(partitionKey);
}
