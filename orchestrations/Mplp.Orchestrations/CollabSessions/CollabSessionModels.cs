namespace Mplp.Orchestrations.CollabSessions;

/// <summary>A session: <see cref="Mode"/> round_robin or broadcast, <see cref="Rounds"/> rounds on <see cref="Prompt"/>.</summary>
public sealed record CollabSessionInput(Guid CollabId, string Mode, int Rounds, string Prompt, TimeSpan TurnTimeout);

/// <summary>A participant as the session addresses it: its work goes to the queue of <see cref="Role"/> (its role_id, else its id).</summary>
public sealed record SessionParticipant(string ParticipantId, string Role);

public sealed record CollabRun(Guid CollabId, Guid ContextId, IReadOnlyList<SessionParticipant> Participants);

/// <summary>One turn handed to a participant.</summary>
public sealed record TurnRequest(Guid CollabId, Guid ContextId, SessionParticipant Participant, int Round, Guid WorkId, string ExecutionId, string Prompt, DateTimeOffset Deadline);

/// <summary>
/// An event of the MAP profile for the context's trace (<c>MAPTurnCompleted</c>, ...): about a
/// <see cref="Turn"/>, or with the <see cref="Counts"/> it reports (<c>round</c>, <c>target_count</c>, <c>turns</c>, ...).
/// </summary>
public sealed record SessionEvent(Guid CollabId, Guid ContextId, string Type, SessionTurn? Turn = null, IReadOnlyDictionary<string, int>? Counts = null);

/// <summary>
/// One turn of the session: its <see cref="Number"/> counts turns across the session from 1, its
/// <see cref="WorkId"/> is the work item (the MAP <c>token_id</c>); once answered, its <see cref="Status"/> and output.
/// </summary>
public sealed record SessionTurn(SessionParticipant Participant, int Number, int Round, Guid WorkId, string? Status = null, string? Output = null);

/// <summary>How a turn ended: completed, failed or timed_out, with the participant's output.</summary>
public sealed record TurnOutcome(string ParticipantId, int Round, string Status, string? Output);

public sealed record CollabSessionState(string Status, string Mode, IReadOnlyList<TurnOutcome> Turns);
