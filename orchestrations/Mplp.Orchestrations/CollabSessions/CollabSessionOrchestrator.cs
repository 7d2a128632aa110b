using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Mplp.Core.Agents;

namespace Mplp.Orchestrations.CollabSessions;

/// <summary>
/// A collaboration session among a collab's participants, through their agents' work queues.
/// <c>round_robin</c>: each round, each participant in order gets a turn and the session waits for
/// its answer (or its deadline) before the next. <c>broadcast</c>: each round goes to every
/// participant at once and the answers are gathered. The MAP profile's events
/// (<c>MAPSessionStarted</c>, <c>MAPTurnDispatched</c>, <c>MAPTurnCompleted</c>,
/// <c>MAPBroadcastSent</c>, <c>MAPBroadcastReceived</c>, <c>MAPSessionCompleted</c>) go to the context's trace.
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
        for (var round = 1; round <= input.Rounds; round++)
        {
            if (input.Mode == Broadcast)
            {
                await Event(context, run, "MAPBroadcastSent", ("round", $"{round}"), ("participants", $"{run.Participants.Count}"));
                var answers = await Task.WhenAll(run.Participants.Select(p => TurnAsync(context, run, input, p, round)));
                foreach (var answer in answers)
                {
                    turns.Add(answer);
                    await Event(context, run, "MAPBroadcastReceived", ("round", $"{round}"), ("participant_id", answer.ParticipantId), ("status", answer.Status), ("output", answer.Output));
                }
            }
            else
            {
                foreach (var participant in run.Participants)
                {
                    await Event(context, run, "MAPTurnDispatched", ("round", $"{round}"), ("participant_id", participant.ParticipantId));
                    var answer = await TurnAsync(context, run, input, participant, round);
                    turns.Add(answer);
                    await Event(context, run, "MAPTurnCompleted", ("round", $"{round}"), ("participant_id", answer.ParticipantId), ("status", answer.Status), ("output", answer.Output));
                }
            }
        }

        var completed = turns.Count(t => t.Status == AgentResult.Completed);
        await Event(context, run, "MAPSessionCompleted", ("turns", $"{turns.Count}"), ("completed_turns", $"{completed}"));
        return new CollabSessionState("completed", input.Mode, turns);
    }

    /// <summary>One turn: hand it out, then its answer or its deadline (the timer is cancelled once answered).</summary>
    private static async Task<TurnOutcome> TurnAsync(TaskOrchestrationContext context, CollabRun run, CollabSessionInput input, SessionParticipant participant, int round)
    {
        var workId = context.NewGuid();
        await context.CallActivityAsync(CollabSessionActivities.Dispatch, new TurnRequest(
            run.CollabId, run.ContextId, participant, round, workId, context.InstanceId, input.Prompt, context.CurrentUtcDateTime + input.TurnTimeout));
        using var timer = new CancellationTokenSource();
        var answer = context.WaitForExternalEvent<AgentResult>(workId.ToString());
        var deadline = context.CreateTimer(input.TurnTimeout, timer.Token);
        if (await Task.WhenAny(answer, deadline) != answer)
        {
            return new TurnOutcome(participant.ParticipantId, round, "timed_out", null);
        }

        timer.Cancel();
        var result = await answer;
        return new TurnOutcome(participant.ParticipantId, round, result.Status, result.Output?.GetRawText() ?? result.Error);
    }

    private static Task Event(TaskOrchestrationContext context, CollabRun run, string type, params (string Key, string? Value)[] data)
        => context.CallActivityAsync(CollabSessionActivities.Record, new SessionEvent(run.CollabId, run.ContextId, type, data.ToDictionary(d => d.Key, d => d.Value)));
}
