using System.Text.Json.Nodes;
using Mplp.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Mplp.Core.Modules.Confirms;

/// <summary>The approval policies kept beside confirms (table <c>confirm_policies</c>).</summary>
public sealed class ApprovalPolicies(MplpDatabase database)
{
    public async Task<ApprovalPolicy?> GetAsync(Guid confirmId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT policy::text FROM confirm_policies WHERE confirm_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = confirmId });
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? ApprovalPolicy.Parse(JsonNode.Parse(json)!.AsObject()) : null;
    }

    public async Task SetAsync(Guid confirmId, ApprovalPolicy policy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO confirm_policies (confirm_id, policy) VALUES ($1, $2::jsonb)
            ON CONFLICT (confirm_id) DO UPDATE SET policy = excluded.policy, updated_at = now()
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = confirmId });
        command.Parameters.Add(new NpgsqlParameter { Value = policy.ToJson().ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
