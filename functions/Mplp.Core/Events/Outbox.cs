using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Events;

/// <summary>SQL over the outbox table, shared by the writers (inside their transaction) and the dispatcher.</summary>
internal static class Outbox
{
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO outbox (partition_key, event) SELECT * FROM unnest($1::text[], $2::jsonb[])", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.PartitionKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = events.Select(e => e.Event.ToJsonString()).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
