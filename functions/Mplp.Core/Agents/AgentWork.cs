using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Agents;

/// <summary>
/// Work for agents with identity: every attempt handed out carries a claim token the ledger
/// remembers (hashed); over HTTP it goes only to a principal within reach (<see cref="AgentReach"/>);
/// a result counts only with its attempt's token.
/// </summary>
public sealed class AgentWork(AgentWorkLedger ledger, IAgentTransport transport)
{
    /// <summary>Records the attempt with a new token, then sends it to its role's queue.</summary>
    public async Task HandOutAsync(WorkItem work, CancellationToken cancellationToken)
        => await transport.SendAsync(await ledger.IssueAsync(work, cancellationToken), cancellationToken);

    /// <summary>
    /// The next work item of <paramref name="role"/> that the holder of <paramref name="grants"/>
    /// may take; the others stay queued for someone else. Null when none is within reach.
    /// </summary>
    public Task<WorkItem?> ClaimAsync(string role, Grants grants, CancellationToken cancellationToken)
        => transport.ClaimAsync(role, async (work, token) =>
        {
            // What the platform recorded decides, not what the message says: a message without the
            // recorded token was superseded by a retried dispatch (or never came from the platform).
            var issued = await ledger.FindAsync(work.WorkId, token);
            if (issued is null || !issued.Accepts(work.ClaimToken, work.ExecutionId))
            {
                return ClaimDecision.Discard;
            }

            return AgentReach.MayClaim(grants, issued.ContextId, issued.AgentRole) ? ClaimDecision.Take : ClaimDecision.Leave;
        }, cancellationToken);

    /// <summary>The attempt <paramref name="result"/> answers if it carries that attempt's token; null if it must change nothing.</summary>
    public async Task<IssuedWork?> VerifyAsync(AgentResult result, CancellationToken cancellationToken)
        => await ledger.FindAsync(result.WorkId, cancellationToken) is { } issued && issued.Accepts(result.ClaimToken, result.ExecutionId)
            ? issued
            : null;
}
