using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Modules.Networks;

/// <summary>When each node of a network last reported (table <c>network_heartbeats</c>).</summary>
public sealed class NetworkHeartbeats(MplpDatabase database)
{
    public async Task RecordAsync(Guid networkId, Guid nodeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO network_heartbeats (network_id, node_id, last_seen) VALUES ($1, $2, now())
            ON CONFLICT (network_id, node_id) DO UPDATE SET last_seen = now()
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = networkId });
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ForgetAsync(Guid networkId, Guid nodeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM network_heartbeats WHERE network_id = $1 AND node_id = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = networkId });
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Nodes silent for longer than <paramref name="timeout"/>, by the database's clock.</summary>
    public async Task<IReadOnlyList<(Guid NetworkId, Guid NodeId)>> OverdueAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT network_id, node_id FROM network_heartbeats WHERE last_seen < now() - $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = timeout });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var overdue = new List<(Guid, Guid)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            overdue.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        return overdue;
    }
}
