namespace Mplp.Orchestrations.CollabSessions;

/// <summary>A session: <see cref="Mode"/> round_robin or broadcast, <see cref="Rounds"/> rounds on <see cref="Prompt"/>.</summary>
public sealed record CollabSessionInput(Guid CollabId, string Mode, int Rounds, string Prompt, TimeSpan TurnTimeout);

/// <summary>A participant as the session addresses it: its work goes to the queue of <see cref="Role"/> (its role_id, else its id).</summary>
public sealed record SessionParticipant(string ParticipantId, string Role);

public sealed record CollabRun(Guid CollabId, Guid ContextId, IReadOnlyList<SessionParticipant> Participants);

/// <summary>One turn handed to a participant.</summary>
public sealed record TurnRequest(Guid CollabId, Guid ContextId, SessionParticipant Participant, int Round, Guid WorkId, string ExecutionId, string Prompt, DateTimeOffset Deadline);

/// <summary>An event of the MAP profile for the context's trace (<c>MAPTurnCompleted</c>, ...).</summary>
public sealed record SessionEvent(Guid CollabId, Guid ContextId, string Type, IReadOnlyDictionary<string, string?> Data);

/// <summary>How a turn ended: completed, failed or timed_out, with the participant's output.</summary>
public sealed record TurnOutcome(string ParticipantId, int Round, string Status, string? Output);

public sealed record CollabSessionState(string Status, string Mode, IReadOnlyList<TurnOutcome> Turns);
