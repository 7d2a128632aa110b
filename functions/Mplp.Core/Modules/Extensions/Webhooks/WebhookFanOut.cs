using System.Text.Json.Nodes;
using Mplp.Core.Events;
using Mplp.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>A subscription as the fan-out sees it: where its context's events are and how far it has queued them.</summary>
public sealed record WebhookSubscription(Guid ExtensionId, string PartitionKey, long Cursor, bool Behind, WebhookConfig Config);

/// <summary>
/// Turns a context's logged events into deliveries: for each active subscription with a secret, the
/// events after its cursor that pass its filters (<see cref="EventFeed"/>) become rows of the delivery
/// queue, and the cursor moves past them in the same transaction. The cursor moves only from the value
/// read, so two instances never queue the same page twice, and a crash queues nothing or all of it.
/// </summary>
public sealed class WebhookFanOut(MplpDatabase database, EventFeed feed)
{
    private const int PageSize = 200;

    /// <summary>Active subscriptions that have a secret (and so deliver), and whether their trace has events past their cursor.</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> SubscriptionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT s.extension_id, s.partition_key, s.cursor, coalesce(p.last, 0) > s.cursor, e.doc::text
            FROM webhook_subscriptions s
            JOIN extensions e ON e.id = s.extension_id AND e.status = 'active'
            LEFT JOIN outbox_positions p ON p.partition_key = s.partition_key
            """, connection);
        var subscriptions = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (WebhookConfig.Of(JsonNode.Parse(reader.GetString(4))!.AsObject()) is { } config)
            {
                subscriptions.Add(new WebhookSubscription(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetBoolean(3), config));
            }
        }

        return subscriptions;
    }

    /// <summary>Queues one page of the subscription's new events; returns how many it queued (0 also when another instance got there first).</summary>
    public async Task<int> FanOutAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var filter = new EventFilter(subscription.Config.EventTypes, subscription.Config.EventFamilies, null);
        var page = await feed.ReadAfterAsync(subscription.PartitionKey, subscription.Cursor, PageSize, filter, cancellationToken);
        if (page.ReadThrough <= subscription.Cursor)
        {
            return 0;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var advance = new NpgsqlCommand("UPDATE webhook_subscriptions SET cursor = $3 WHERE extension_id = $1 AND cursor = $2", connection, transaction))
        {
            advance.Parameters.Add(new NpgsqlParameter { Value = subscription.ExtensionId });
            advance.Parameters.Add(new NpgsqlParameter { Value = subscription.Cursor });
            advance.Parameters.Add(new NpgsqlParameter { Value = page.ReadThrough });
            if (await advance.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return 0;
            }
        }

        await using (var queue = new NpgsqlCommand("""
            INSERT INTO webhook_deliveries (extension_id, position, event_id, event)
            SELECT $1, position, event ->> 'event_id', event FROM unnest($2::bigint[], $3::jsonb[]) AS page (position, event)
            ON CONFLICT (extension_id, position) DO NOTHING
            """, connection, transaction))
        {
            queue.Parameters.Add(new NpgsqlParameter { Value = subscription.ExtensionId });
            queue.Parameters.Add(new NpgsqlParameter { Value = page.Events.Select(e => e.Position).ToArray() });
            queue.Parameters.Add(new NpgsqlParameter { Value = page.Events.Select(e => e.Event.ToJsonString()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await queue.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return page.Events.Count;
    }
}
