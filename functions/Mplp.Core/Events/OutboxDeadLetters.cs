using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Protocol;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Events;

/// <summary>
/// Outbox rows the archive refused too often (see <see cref="OutboxDispatcher"/>): given up on so
/// they never hold up the rows behind them, and listed for an administrator. The event stays in
/// the log of record (PostgreSQL); only its archived copy is missing.
/// </summary>
public sealed class OutboxDeadLetters(MplpDatabase database)
{
    /// <summary>A page of dead letters, oldest first (by their outbox sequence).</summary>
    public async Task<ResultPage<JsonObject>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT seq, partition_key, event::text, error, refusals, created_at, dead_lettered_at
            FROM outbox_dead_letters WHERE seq > $1 ORDER BY seq LIMIT $2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = page.After ?? 0L });
        command.Parameters.Add(new NpgsqlParameter { Value = page.Limit + 1 });
        var rows = new List<(JsonObject Letter, long Seq)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((new JsonObject
            {
                ["sequence"] = reader.GetInt64(0),
                ["trace_id"] = reader.GetString(1),
                ["event"] = JsonNode.Parse(reader.GetString(2)),
                ["error"] = reader.GetString(3),
                ["refusals"] = reader.GetInt32(4),
                ["created_at"] = MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(5)),
                ["dead_lettered_at"] = MplpTime.Format(reader.GetFieldValue<DateTimeOffset>(6)),
            }, reader.GetInt64(0)));
        }

        var items = rows.Take(page.Limit).ToList();
        return new ResultPage<JsonObject>([.. items.Select(r => r.Letter)], rows.Count > page.Limit ? Cursor.Encode(items[^1].Seq) : null);
    }

    /// <summary>Counts one refusal of an outbox row; at <paramref name="maxRefusals"/> gives up archiving it and lists it here. Returns its refusals so far.</summary>
    internal static async Task<int> RefusedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long sequence, string error, int maxRefusals, CancellationToken cancellationToken)
    {
        int refusals;
        await using (var count = new NpgsqlCommand("UPDATE outbox SET refusals = refusals + 1 WHERE seq = $1 RETURNING refusals", connection, transaction))
        {
            count.Parameters.Add(new NpgsqlParameter { Value = sequence });
            refusals = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        if (refusals >= maxRefusals)
        {
            await using var move = new NpgsqlCommand("""
                WITH given_up AS (UPDATE outbox SET sent_at = now() WHERE seq = $1 RETURNING seq, partition_key, event, refusals, created_at)
                INSERT INTO outbox_dead_letters (seq, partition_key, event, error, refusals, created_at)
                SELECT seq, partition_key, event, $2, refusals, created_at FROM given_up
                """, connection, transaction);
            move.Parameters.Add(new NpgsqlParameter { Value = sequence });
            move.Parameters.Add(new NpgsqlParameter { Value = error });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        return refusals;
    }
}
