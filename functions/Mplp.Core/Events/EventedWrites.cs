using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Events;

/// <summary>
/// A write and the trace events it causes, in one PostgreSQL transaction (the outbox): either both
/// are committed or neither. Every store that changes platform state writes through here.
/// </summary>
public sealed class EventedWrites(MplpDatabase database, OutboxSignal outboxSignal)
{
    /// <summary>Runs <paramref name="write"/>; null means it changed nothing, and nothing is committed.</summary>
    public async Task<T?> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T?>> write, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await write(connection, transaction);
        if (result is null)
        {
            return null;
        }

        await Outbox.AppendAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outboxSignal.Notify();
        return result;
    }
}
