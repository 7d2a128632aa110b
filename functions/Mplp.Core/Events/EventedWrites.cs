using Mplp.Core.Observability;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Events;

/// <summary>
/// A write and the trace events it causes, as one PostgreSQL statement: the write in a CTE and the
/// outbox rows inserted only if it returned a row. Either both are committed or neither, in one
/// round trip (no explicit transaction, no second statement). Every store that changes platform
/// state writes through here.
/// </summary>
public sealed class EventedWrites(MplpDatabase database, OutboxSignal outboxSignal, EventNotifications notifications, MplpMetrics metrics)
{
    /// <param name="write">An INSERT, UPDATE or DELETE with parameters <c>$1</c>..<c>$n</c> that RETURNs one column.</param>
    /// <param name="parameters">Adds the write's parameters, in order.</param>
    /// <returns>The returned value, or null when the write matched no row (and nothing was logged).</returns>
    public async Task<object?> WriteAsync(string write, Action<NpgsqlParameterCollection> parameters, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection };
        parameters(command.Parameters);
        var first = command.Parameters.Count + 1;
        command.CommandText = $"""
            WITH written AS ({write}),
                 logged AS ({Outbox.Insert(first, "WHERE EXISTS (SELECT 1 FROM written)")})
            SELECT * FROM written
            """;
        Outbox.AddParameters(command.Parameters, events);
        // Prepared on a round trip of its own (once per connection), before any client value is
        // bound: a value PostgreSQL refuses then fails only this write (see DataSourceOf).
        await command.PrepareAsync(cancellationToken);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        if (result is null)
        {
            return null;
        }

        if (events.Count > 0)
        {
            outboxSignal.Notify();
            notifications.Committed(events);
            metrics.TraceEventsWritten(events.Count);
        }

        return result;
    }
}
