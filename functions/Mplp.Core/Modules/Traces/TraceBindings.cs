using System.Collections.Concurrent;
using Mplp.Core.Errors;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Modules.Traces;

/// <summary>
/// Which object a trace id is bound to (table <c>trace_bindings</c>, written with each object by the
/// triggers of migration 0013, which refuse a second binding). A database older than that may hold
/// a trace id bound twice: the backfill kept the oldest object's binding, and a trace's event log is
/// read or appended to only through the object that holds its binding.
/// </summary>
public sealed class TraceBindings(MplpDatabase database)
{
    private const int MaxCached = 100_000;

    // A binding is never moved or dropped: once found to be an object's, it stays so.
    private readonly ConcurrentDictionary<Guid, Guid> _confirmed = new();

    /// <summary>409 TRACE_ID_TAKEN unless <paramref name="traceId"/> is bound to <paramref name="objectId"/> (or to nothing).</summary>
    public async Task RequireHeldByAsync(Guid traceId, Guid objectId, CancellationToken cancellationToken)
    {
        if (_confirmed.TryGetValue(traceId, out var known) && known == objectId)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT object_id, module FROM trace_bindings WHERE trace_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = traceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return;
        }

        if (reader.GetGuid(0) != objectId)
        {
            throw Problems.TraceIdTaken($"The trace id {traceId} belongs to a {reader.GetString(1)} bound to it first; its event log is read only through that object.");
        }

        if (_confirmed.Count >= MaxCached)
        {
            _confirmed.Clear();
        }

        _confirmed[traceId] = objectId;
    }
}
