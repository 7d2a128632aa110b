using Mplp.Core.Observability;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Events;

/// <summary>
/// Appends events that change no object: they take the same outbox path as the platform's own
/// events, so one trace's events share one order however they were written.
/// </summary>
public sealed class TraceEventWriter(MplpDatabase database, OutboxSignal signal, EventNotifications notifications, MplpMetrics metrics)
{
    public async Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Outbox.Insert(1), connection);
        Outbox.AddParameters(command.Parameters, events);
        // As in EventedWrites: prepared before client events are bound.
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
        signal.Notify();
        notifications.Committed(events);
        metrics.TraceEventsWritten(events.Count);
    }
}
