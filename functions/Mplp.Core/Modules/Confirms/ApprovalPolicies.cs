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

    /// <summary>
    /// Sets the policy; with <paramref name="frozenOnceDecided"/> (a pending confirm) only while the
    /// current round has no decision, checked in the same statement. False: the policy is frozen.
    /// </summary>
    public async Task<bool> SetAsync(Guid confirmId, ApprovalPolicy policy, bool frozenOnceDecided, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO confirm_policies (confirm_id, policy)
            SELECT $1, $2::jsonb
            WHERE NOT ($3 AND EXISTS (SELECT 1 FROM confirm_deciders d WHERE d.confirm_id = $1 AND d.round = {ConfirmDeciders.CurrentRound}))
            ON CONFLICT (confirm_id) DO UPDATE SET policy = excluded.policy, updated_at = now()
            RETURNING 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = confirmId });
        command.Parameters.Add(new NpgsqlParameter { Value = policy.ToJson().ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = frozenOnceDecided });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
