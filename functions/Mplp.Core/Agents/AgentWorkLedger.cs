using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Agents;

/// <summary>
/// The attempts handed to agents (table <c>agent_work</c>): each one's context and role, which say
/// who may claim it, and a SHA-256 of its claim token, which says which result counts. The token is
/// 256 random bits made here, never the orchestration's deterministic id, which anyone could
/// recompute; only its hash is kept.
/// </summary>
public sealed class AgentWorkLedger(MplpDatabase database, TimeProvider clock)
{
    /// <summary>How long an attempt is remembered after its deadline: a result later than that is refused as unknown.</summary>
    private static readonly TimeSpan KeptAfterDeadline = TimeSpan.FromDays(1);

    /// <summary>
    /// Records the attempt with a new token and returns the work item carrying it. For a work id
    /// already recorded (a retried activity) the new token replaces the old one, so the work item
    /// sent last is the one whose result counts. Attempts long past their deadline are forgotten.
    /// </summary>
    public async Task<WorkItem> IssueAsync(WorkItem work, CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            WITH forgotten AS (DELETE FROM agent_work WHERE deadline < $8)
            INSERT INTO agent_work (work_id, execution_id, context_id, kind, agent_role, token_hash, deadline)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (work_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, deadline = EXCLUDED.deadline
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = work.WorkId });
        command.Parameters.Add(new NpgsqlParameter { Value = work.ExecutionId });
        command.Parameters.Add(new NpgsqlParameter { Value = work.ContextId });
        command.Parameters.Add(new NpgsqlParameter { Value = work.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = work.AgentRole });
        command.Parameters.Add(new NpgsqlParameter { Value = Hash(token) });
        command.Parameters.Add(new NpgsqlParameter { Value = work.Deadline });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() - KeptAfterDeadline });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return work with { ClaimToken = token };
    }

    /// <summary>The attempt recorded under <paramref name="workId"/>; null if none (never handed out, or long forgotten).</summary>
    public async Task<IssuedWork?> FindAsync(Guid workId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT execution_id, context_id, kind, agent_role, token_hash FROM agent_work WHERE work_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = workId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new IssuedWork(workId, reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4))
            : null;
    }

    internal static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>An attempt as the platform recorded it when handing it out.</summary>
public sealed record IssuedWork(Guid WorkId, string ExecutionId, Guid ContextId, string Kind, string AgentRole, byte[] TokenHash)
{
    /// <summary>Whether a message naming this attempt carries its token (compared in constant time) and its execution.</summary>
    public bool Accepts(string? claimToken, string executionId)
        => claimToken is not null
            && string.Equals(executionId, ExecutionId, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(AgentWorkLedger.Hash(claimToken), TokenHash);
}
