using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Events;

/// <summary>How writers put events into the outbox table (the dispatcher moves them on).</summary>
internal static class Outbox
{
    /// <summary>Inserts the events bound to parameters <c>$first</c> (partition keys) and <c>$first+1</c> (events).</summary>
    public static string Insert(int first)
        => $"INSERT INTO outbox (partition_key, event) SELECT * FROM unnest(${first}::text[], ${first + 1}::jsonb[])";

    public static void AddParameters(NpgsqlParameterCollection parameters, IReadOnlyList<OutboxEvent> events)
    {
        parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.PartitionKey).ToArray() });
        parameters.Add(new NpgsqlParameter
        {
            Value = events.Select(e => e.Event.ToJsonString()).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });
    }
}
