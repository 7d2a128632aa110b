namespace Mplp.Core.Agents;

/// <summary>
/// What every <see cref="WorkItem"/> says, whatever its kind: the work (<see cref="Description"/>, for
/// the agents of <see cref="AgentRole"/> in the context, until <see cref="Deadline"/>) and where its
/// result goes: the queue <see cref="ReplyTo"/>, back to the orchestration <see cref="ExecutionId"/>.
/// The kind's own fields come from <see cref="WorkItem.ForPlanStep"/> and <see cref="WorkItem.ForCollabTurn"/>.
/// </summary>
/// <param name="TraceId">The MPLP trace (of the context) where the work's events are logged.</param>
/// <param name="TraceParent">The W3C trace context of the span handing the work out, for the agent to continue.</param>
public sealed record WorkOrder(
    Guid WorkId,
    string ExecutionId,
    Guid ContextId,
    string AgentRole,
    string Description,
    DateTimeOffset Deadline,
    Guid? TraceId,
    string ReplyTo,
    string? TraceParent)
{
    /// <summary>The orchestration the result goes back to also ties the execution's messages together in logs.</summary>
    internal WorkItem ItemOf(string kind, int attempt) => new(
        AgentProtocol.Version, kind, WorkId, ExecutionId, ContextId, attempt, AgentRole, Description, Deadline,
        CorrelationId: ExecutionId, TraceId, ReplyTo, TraceParent: TraceParent);
}
