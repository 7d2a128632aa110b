using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Protocol;
using Mplp.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>A delivery claimed for one attempt: the event, where it goes and the secret to sign with.</summary>
public sealed record DueDelivery(long Seq, Guid ExtensionId, string EventId, string Event, int Attempt, DateTimeOffset QueuedAt, string ProtectedSecret, Uri Url);

/// <summary>What one attempt came to: the receiver's status code or the error, and the delivery's state after it.</summary>
public sealed record AttemptOutcome(DateTimeOffset At, int? StatusCode, string? Error, string State, DateTimeOffset? NextAttemptAt);

/// <summary>
/// The durable delivery queue (<c>webhook_deliveries</c>) and its attempts. Due rows are claimed with
/// SKIP LOCKED, so instances deliver side by side; a claim pushes the row's next try out by a lease, so a
/// delivery whose instance died is tried again once the lease ends. Only deliveries of active
/// integration extensions with a webhook are claimed: deactivating one stops its deliveries at once.
/// </summary>
public sealed class WebhookDeliveries(MplpDatabase database)
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    public async Task<IReadOnlyList<DueDelivery>> ClaimAsync(int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            WITH due AS (
                SELECT d.seq FROM webhook_deliveries d
                JOIN extensions e ON e.id = d.extension_id
                WHERE d.state IN ('pending', 'failed') AND d.next_attempt_at <= $1
                  AND e.status = 'active' AND e.doc->>'extension_type' = 'integration'
                  AND e.doc->'config'->'webhook'->>'url' IS NOT NULL
                ORDER BY d.next_attempt_at LIMIT $2
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries d SET next_attempt_at = $1 + $3, attempts = d.attempts + 1
            FROM due, webhook_subscriptions s, extensions e
            WHERE d.seq = due.seq AND s.extension_id = d.extension_id AND e.id = d.extension_id
            RETURNING d.seq, d.extension_id, d.event_id, d.event::text, d.attempts, d.created_at, s.secret, e.doc->'config'->'webhook'->>'url'
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        var claimed = new List<DueDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new DueDelivery(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), new Uri(reader.GetString(7))));
        }

        return claimed;
    }

    /// <summary>Records an attempt and moves the delivery on, together.</summary>
    public async Task RecordAsync(DueDelivery delivery, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("UPDATE webhook_deliveries SET state = $2, next_attempt_at = coalesce($3, next_attempt_at) WHERE seq = $1",
                    delivery.Seq, outcome.State, Nullable(outcome.NextAttemptAt, NpgsqlDbType.TimestampTz)),
                Command("""
                    INSERT INTO webhook_attempts (delivery_seq, extension_id, attempt, attempted_at, status_code, error, state, next_attempt_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """,
                    delivery.Seq, delivery.ExtensionId, delivery.Attempt, outcome.At, Nullable(outcome.StatusCode, NpgsqlDbType.Integer),
                    Nullable(outcome.Error, NpgsqlDbType.Text), outcome.State, Nullable(outcome.NextAttemptAt, NpgsqlDbType.TimestampTz)),
            },
        };
        // One implicit transaction: a batch commits or fails whole.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A page of a subscription's deliveries, oldest first, each with its attempts.</summary>
    public async Task<ResultPage<JsonObject>> ListAsync(Guid extensionId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT d.seq, d.event_id, d.position, d.state, d.attempts, d.next_attempt_at, d.created_at,
                   coalesce(jsonb_agg(jsonb_build_object(
                       'attempt', a.attempt, 'attempted_at', a.attempted_at, 'status_code', a.status_code,
                       'error', a.error, 'state', a.state, 'next_attempt_at', a.next_attempt_at) ORDER BY a.seq)
                     FILTER (WHERE a.seq IS NOT NULL), '[]')::text
            FROM webhook_deliveries d LEFT JOIN webhook_attempts a ON a.delivery_seq = d.seq
            WHERE d.extension_id = $1 AND d.seq > $2
            GROUP BY d.seq ORDER BY d.seq LIMIT $3
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = extensionId });
        command.Parameters.Add(new NpgsqlParameter { Value = page.After ?? 0L });
        command.Parameters.Add(new NpgsqlParameter { Value = page.Limit + 1 });
        var rows = new List<(JsonObject Delivery, long Seq)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = reader.GetString(3);
            rows.Add((new JsonObject
            {
                ["event_id"] = reader.GetString(1),
                ["webhook_id"] = WebhookMessages.IdOf(reader.GetString(1), extensionId),
                ["position"] = reader.GetInt64(2),
                ["state"] = state,
                ["attempts"] = reader.GetInt32(4),
                ["next_attempt_at"] = state is Pending or Failed ? MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(5)) : null,
                ["queued_at"] = MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(6)),
                ["attempt_log"] = AttemptsOf(reader.GetString(7)),
            }, reader.GetInt64(0)));
        }

        var items = rows.Take(page.Limit).ToList();
        return new ResultPage<JsonObject>([.. items.Select(r => r.Delivery)], rows.Count > page.Limit ? Cursor.Encode(items[^1].Seq) : null);
    }

    /// <summary>The attempts as PostgreSQL aggregated them, with times in the API's format and no null fields.</summary>
    private static JsonArray AttemptsOf(string json)
    {
        var attempts = JsonNode.Parse(json)!.AsArray();
        foreach (var attempt in attempts.Select(a => a!.AsObject()))
        {
            foreach (var field in attempt.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                attempt.Remove(field);
            }

            foreach (var field in new[] { "attempted_at", "next_attempt_at" }.Where(attempt.ContainsKey))
            {
                attempt[field] = MplpTime.Format(attempt[field]!.GetValue<DateTimeOffset>());
            }
        }

        return attempts;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
