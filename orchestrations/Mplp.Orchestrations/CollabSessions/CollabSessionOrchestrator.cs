using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Mplp.Core.Agents;
using Mplp.Core.Protocol;

namespace Mplp.Orchestrations.CollabSessions;

/// <summary>
/// A collaboration session among a collab's participants, through their agents' work queues.
/// <c>round_robin</c>: each round, each participant in order gets a turn and the session waits for
/// its answer (or its deadline) before the next. <c>broadcast</c>: each round goes to every
/// participant at once and the answers are gathered. The MAP profile's events go to the context's
/// trace in its order: <c>MAPSessionStarted</c>, <c>MAPRolesAssigned</c>, then per turn
/// <c>MAPTurnDispatched</c> and <c>MAPTurnCompleted</c> (a broadcast round between
/// <c>MAPBroadcastSent</c> and a <c>MAPBroadcastReceived</c> per participant), <c>MAPSessionCompleted</c>.
/// </summary>
public static class CollabSessionOrchestrator
{
    public const string Name = "CollabSession";
    public const string RoundRobin = "round_robin";
    public const string Broadcast = "broadcast";

    public static string InstanceIdOf(Guid collabId) => $"collab-{collabId}";

    [Function(Name)]
    public static async Task<CollabSessionState> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<CollabSessionInput>() ?? throw new InvalidOperationException("CollabSession needs its input.");
        var run = await context.CallActivityAsync<CollabRun>(CollabSessionActivities.Start, input);
        var turns = new List<TurnOutcome>();
        var number = 0;
        for (var round = 1; round <= input.Rounds; round++)
        {
            if (input.Mode == Broadcast)
            {
                var sent = run.Participants.Select(p => NewTurn(context, p, ++number, round)).ToList();
                await RecordAsync(context, [
                    new(run.CollabId, run.ContextId, "MAPBroadcastSent", Counts: new Dictionary<string, int> { ["round"] = round, ["target_count"] = sent.Count }),
                    .. sent.Select(t => new SessionEvent(run.CollabId, run.ContextId, "MAPTurnDispatched", t))]);
                var answers = await Task.WhenAll(sent.Select(t => TurnAsync(context, run, input, t)));
                turns.AddRange(answers.Select(a => new TurnOutcome(a.Participant.ParticipantId, a.Round, a.Status!, a.Output)));
                await RecordAsync(context, [.. answers.SelectMany(a => new SessionEvent[]
                {
                    new(run.CollabId, run.ContextId, "MAPTurnCompleted", a),
                    new(run.CollabId, run.ContextId, "MAPBroadcastReceived", a),
                })]);
            }
            else
            {
                foreach (var participant in run.Participants)
                {
                    var turn = NewTurn(context, participant, ++number, round);
                    await RecordAsync(context, [new(run.CollabId, run.ContextId, "MAPTurnDispatched", turn)]);
                    var answer = await TurnAsync(context, run, input, turn);
                    turns.Add(new TurnOutcome(participant.ParticipantId, round, answer.Status!, answer.Output));
                    await RecordAsync(context, [new(run.CollabId, run.ContextId, "MAPTurnCompleted", answer)]);
                }
            }
        }

        var completed = turns.Count(t => t.Status == AgentResult.Completed);
        await RecordAsync(context, [new(run.CollabId, run.ContextId, "MAPSessionCompleted", Counts: new Dictionary<string, int> { ["turns"] = turns.Count, ["completed_turns"] = completed })]);
        return new CollabSessionState("completed", input.Mode, turns);
    }

    private static SessionTurn NewTurn(TaskOrchestrationContext context, SessionParticipant participant, int number, int round)
        => new(participant, number, round, MplpIds.AsV4(context.NewGuid()));

    /// <summary>One turn: hand it out, then its answer or its deadline (the timer is cancelled once answered).</summary>
    private static async Task<SessionTurn> TurnAsync(TaskOrchestrationContext context, CollabRun run, CollabSessionInput input, SessionTurn turn)
    {
        await context.CallActivityAsync(CollabSessionActivities.Dispatch, new TurnRequest(
            run.CollabId, run.ContextId, turn.Participant, turn.Round, turn.WorkId, context.InstanceId, input.Prompt, context.CurrentUtcDateTime + input.TurnTimeout));
        using var timer = new CancellationTokenSource();
        var answer = context.WaitForExternalEvent<AgentResult>(turn.WorkId.ToString());
        var deadline = context.CreateTimer(input.TurnTimeout, timer.Token);
        if (await Task.WhenAny(answer, deadline) != answer)
        {
            return turn with { Status = "timed_out" };
        }

        timer.Cancel();
        var result = await answer;
        return turn with { Status = result.Status, Output = result.Output?.GetRawText() ?? result.Error };
    }

    private static Task RecordAsync(TaskOrchestrationContext context, IReadOnlyList<SessionEvent> events)
        => context.CallActivityAsync(CollabSessionActivities.Record, events);
}
