using Mplp.Core.Storage;

namespace Mplp.Core.Events;

/// <summary>
/// Appends events that change no object: they take the same outbox path as the platform's own
/// events, so one trace's events share one order however they were written.
/// </summary>
public sealed class TraceEventWriter(MplpDatabase database, OutboxSignal signal)
{
    public async Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Outbox.AppendAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
    }
}
