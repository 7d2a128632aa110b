using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Modules.Confirms;

/// <summary>Who made a decision: its id in the confirm, and the round and target version it belongs to.</summary>
public sealed record Decider(Guid DecisionId, Guid ConfirmId, long TargetVersion, string Principal);

/// <summary>
/// The principals behind a confirm's decisions and the confirm's round (tables <c>confirm_deciders</c>
/// and <c>confirm_rounds</c>). A decider row is written before its decision: a decision counts only
/// if both exist, so a crash between them leaves a row that counts for nothing.
/// </summary>
public sealed class ConfirmDeciders(MplpDatabase database)
{
    /// <summary>SQL for the current round of the confirm <c>$1</c>; a confirm never resubmitted is in round 1.</summary>
    public const string CurrentRound = "COALESCE((SELECT r.round FROM confirm_rounds r WHERE r.confirm_id = $1), 1)";

    // A row whose decision never reached the confirm (its writer crashed) stops blocking its principal
    // after this long; a concurrent duplicate, still being written, stays refused.
    private const string OrphanAge = "interval '1 minute'";

    /// <summary>
    /// Records the decider in the current round; false if the principal has decided in this round on
    /// this target version already (<paramref name="recorded"/>: the decision ids the confirm holds).
    /// </summary>
    public async Task<bool> RecordAsync(Decider decider, IReadOnlyCollection<Guid> recorded, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO confirm_deciders (decision_id, confirm_id, round, target_version, principal)
            VALUES ($2, $1, {CurrentRound}, $3, $4)
            ON CONFLICT (confirm_id, round, target_version, principal) DO UPDATE
                SET decision_id = excluded.decision_id, recorded_at = now()
                WHERE confirm_deciders.recorded_at < now() - {OrphanAge} AND NOT confirm_deciders.decision_id = ANY($5)
            RETURNING 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = decider.ConfirmId });
        command.Parameters.Add(new NpgsqlParameter { Value = decider.DecisionId });
        command.Parameters.Add(new NpgsqlParameter { Value = decider.TargetVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = decider.Principal });
        command.Parameters.Add(new NpgsqlParameter { Value = recorded.ToArray() });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// Whether <see cref="RecordAsync"/> would refuse this decider now: a decision of the principal in
    /// this round on this target version that the confirm holds, or one still being written.
    /// </summary>
    public async Task<bool> HasDecidedAsync(Decider decider, IReadOnlyCollection<Guid> recorded, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT EXISTS (SELECT 1 FROM confirm_deciders
                WHERE confirm_id = $1 AND round = {CurrentRound} AND target_version = $2 AND principal = $3
                  AND (decision_id = ANY($4) OR recorded_at >= now() - {OrphanAge}))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = decider.ConfirmId });
        command.Parameters.Add(new NpgsqlParameter { Value = decider.TargetVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = decider.Principal });
        command.Parameters.Add(new NpgsqlParameter { Value = recorded.ToArray() });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Takes back a decider whose decision was refused, so the principal may decide again.</summary>
    public async Task ForgetAsync(Guid decisionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM confirm_deciders WHERE decision_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = decisionId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The decisions of the current round made on <paramref name="targetVersion"/>: one per principal.</summary>
    public async Task<IReadOnlySet<Guid>> CountedAsync(Guid confirmId, long targetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT decision_id FROM confirm_deciders
            WHERE confirm_id = $1 AND round = {CurrentRound} AND target_version = $2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = confirmId });
        command.Parameters.Add(new NpgsqlParameter { Value = targetVersion });
        var counted = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counted.Add(reader.GetGuid(0));
        }

        return counted;
    }

    /// <summary>After a resubmission: decisions from now on belong to the next round.</summary>
    public async Task NextRoundAsync(Guid confirmId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO confirm_rounds (confirm_id, round) VALUES ($1, 2)
            ON CONFLICT (confirm_id) DO UPDATE SET round = confirm_rounds.round + 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = confirmId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
