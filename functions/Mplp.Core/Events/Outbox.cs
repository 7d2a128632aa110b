using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Events;

/// <summary>
/// How writers put events into the outbox table, the event log of record (the dispatcher archives
/// them). The table's trigger gives each event its position (migration 0015_event_log_positions);
/// <see cref="EventNotifications"/> announces committed traces on <see cref="Channel"/>.
/// </summary>
internal static class Outbox
{
    /// <summary>The PostgreSQL notification channel; the payload is partition keys (trace ids) separated by commas.</summary>
    public const string Channel = "mplp_events";

    /// <summary>
    /// Inserts the events bound to parameters <c>$first</c> (partition keys) and <c>$first+1</c>
    /// (events), where <paramref name="condition"/> (a WHERE clause, or empty) holds. In partition key order: the trigger locks each trace's counter as it goes, so two
    /// writes that span the same traces take the locks in one order and cannot deadlock.
    /// </summary>
    public static string Insert(int first, string condition = "") => $"""
        INSERT INTO outbox (partition_key, event)
        SELECT partition_key, event FROM unnest(${first}::text[], ${first + 1}::jsonb[]) WITH ORDINALITY AS e(partition_key, event, ord)
        {condition}
        ORDER BY partition_key, ord
        """;

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
