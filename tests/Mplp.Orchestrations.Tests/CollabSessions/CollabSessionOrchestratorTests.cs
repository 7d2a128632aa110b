using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Mplp.Core.Agents;
using Mplp.Orchestrations.CollabSessions;

namespace Mplp.Orchestrations.Tests.CollabSessions;

/// <summary>
/// The real <see cref="CollabSessionOrchestrator"/> on the in-memory Durable backend, with the collab's
/// participants in memory, the MAP events collected in order, and participants the test scripts:
/// <see cref="_answer"/> says, per turn, what result to send (null: stay silent), after <see cref="_beforeAnswer"/>.
/// </summary>
public sealed class CollabSessionOrchestratorTests : IAsyncLifetime
{
    private readonly Guid _collabId = Guid.NewGuid();
    private readonly ConcurrentQueue<TurnRequest> _turns = new();
    private readonly ConcurrentQueue<SessionEvent> _events = new();
    private IReadOnlyList<SessionParticipant> _participants = [new("alice", "writer"), new("bob", "reviewer")];
    private Func<TurnRequest, string?> _answer = _ => AgentResult.Completed;
    private Func<Task> _beforeAnswer = () => Task.Delay(50);
    private DurableTaskTestHost _host = null!;

    private string InstanceId => CollabSessionOrchestrator.InstanceIdOf(_collabId);

    public async Task InitializeAsync()
        => _host = await DurableTaskTestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<CollabSessionInput, CollabSessionState>(CollabSessionOrchestrator.Name, (context, _) => CollabSessionOrchestrator.RunAsync(context));
            tasks.AddActivityFunc<CollabSessionInput, CollabRun>(CollabSessionActivities.Start, (_, input) => new CollabRun(input.CollabId, Guid.NewGuid(), _participants));
            tasks.AddActivityFunc<TurnRequest>(CollabSessionActivities.Dispatch, (_, turn) => Dispatch(turn));
            tasks.AddActivityFunc<IReadOnlyList<SessionEvent>>(CollabSessionActivities.Record, (_, sessionEvents) =>
            {
                foreach (var sessionEvent in sessionEvents)
                {
                    _events.Enqueue(sessionEvent);
                }
            });
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task RoundRobin_EachParticipantInOrder_OneTurnAtATime()
    {
        var state = await RunAsync(CollabSessionOrchestrator.RoundRobin, rounds: 2);

        Assert.Equal(("completed", "round_robin"), (state.Status, state.Mode));
        Assert.Equal([("alice", 1), ("bob", 1), ("alice", 2), ("bob", 2)], _turns.Select(t => (t.Participant.ParticipantId, t.Round)));
        Assert.Equal([("alice", 1), ("bob", 1), ("alice", 2), ("bob", 2)], state.Turns.Select(t => (t.ParticipantId, t.Round)));
        // Each turn is dispatched only once the one before it has completed.
        Assert.Equal(
            ["MAPTurnDispatched", "MAPTurnCompleted", "MAPTurnDispatched", "MAPTurnCompleted", "MAPTurnDispatched", "MAPTurnCompleted", "MAPTurnDispatched", "MAPTurnCompleted", "MAPSessionCompleted"],
            _events.Select(e => e.Type));
        // Turns are numbered across the session, not per round.
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4], _events.Where(e => e.Turn is not null).Select(e => e.Turn!.Number));
    }

    [Fact(Timeout = 90_000)]
    public async Task Broadcast_EachRoundGoesToEveryParticipantAtOnce()
    {
        _participants = [new("alice", "writer"), new("bob", "reviewer"), new("carol", "reviewer")];
        // Nobody answers before all three have their turn: one at a time, the turns would time out.
        _beforeAnswer = () => Task.Run(() => SpinWait.SpinUntil(() => _turns.Count == 3, TimeSpan.FromSeconds(30)));

        var state = await RunAsync(CollabSessionOrchestrator.Broadcast, rounds: 1, turnTimeout: TimeSpan.FromSeconds(20));

        Assert.Equal(["alice", "bob", "carol"], state.Turns.Select(t => t.ParticipantId));
        Assert.All(state.Turns, t => Assert.Equal(AgentResult.Completed, t.Status));
        Assert.Equal(
            ["MAPBroadcastSent", "MAPTurnDispatched", "MAPTurnDispatched", "MAPTurnDispatched",
             "MAPTurnCompleted", "MAPBroadcastReceived", "MAPTurnCompleted", "MAPBroadcastReceived", "MAPTurnCompleted", "MAPBroadcastReceived", "MAPSessionCompleted"],
            _events.Select(e => e.Type));
        Assert.Equal(3, _events.First().Counts!["target_count"]);
    }

    [Fact(Timeout = 90_000)]
    public async Task Turn_IsAddressedToTheParticipantsRole_WithThePromptAndADeadline()
    {
        var state = await RunAsync(CollabSessionOrchestrator.RoundRobin, rounds: 1, prompt: "review the draft");

        var first = _turns.First();
        Assert.Equal((_collabId, "writer", "review the draft", InstanceId), (first.CollabId, first.Participant.Role, first.Prompt, first.ExecutionId));
        Assert.True(first.Deadline > DateTimeOffset.UtcNow.AddMinutes(5), $"{first.Deadline}");
        Assert.Equal(2, _turns.Select(t => t.WorkId).Distinct().Count());
        Assert.Equal("\"review the draft\"", state.Turns[0].Output);
    }

    [Fact(Timeout = 90_000)]
    public async Task SilentParticipant_TimesOut_AndTheSessionGoesOn()
    {
        _answer = turn => turn.Participant.ParticipantId == "alice" ? null : AgentResult.Completed;

        var state = await RunAsync(CollabSessionOrchestrator.RoundRobin, rounds: 1, turnTimeout: TimeSpan.FromSeconds(1));

        Assert.Equal("completed", state.Status);
        Assert.Equal([("alice", "timed_out"), ("bob", AgentResult.Completed)], state.Turns.Select(t => (t.ParticipantId, t.Status)));
        var end = _events.Last();
        Assert.Equal(("MAPSessionCompleted", 2, 1), (end.Type, end.Counts!["turns"], end.Counts["completed_turns"]));
        Assert.Equal("timed_out", _events.Single(e => e.Type == "MAPTurnCompleted" && e.Turn!.Participant.ParticipantId == "alice").Turn!.Status);
    }

    [Fact(Timeout = 90_000)]
    public async Task FailedTurn_IsRecordedWithItsError_AndNotCountedAsCompleted()
    {
        _answer = turn => turn.Participant.ParticipantId == "bob" ? AgentResult.Failed : AgentResult.Completed;

        var state = await RunAsync(CollabSessionOrchestrator.RoundRobin, rounds: 1);

        var failed = state.Turns.Single(t => t.ParticipantId == "bob");
        Assert.Equal((AgentResult.Failed, "bob could not answer"), (failed.Status, failed.Output));
        Assert.Equal(AgentResult.Failed, _events.Single(e => e.Type == "MAPTurnCompleted" && e.Turn!.Participant.ParticipantId == "bob").Turn!.Status);
        Assert.Equal(1, _events.Last().Counts!["completed_turns"]);
    }

    private async Task<CollabSessionState> RunAsync(string mode, int rounds, string prompt = "discuss", TimeSpan? turnTimeout = null)
    {
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(CollabSessionOrchestrator.Name,
            new CollabSessionInput(_collabId, mode, rounds, prompt, turnTimeout ?? TimeSpan.FromMinutes(10)), new StartOrchestrationOptions(InstanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await _host.Client.WaitForInstanceCompletionAsync(InstanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<CollabSessionState>()!;
    }

    private void Dispatch(TurnRequest turn)
    {
        _turns.Enqueue(turn);
        if (_answer(turn) is not { } status)
        {
            return;  // a silent turn ends with its deadline
        }

        var result = status == AgentResult.Completed
            ? new AgentResult(AgentProtocol.Version, turn.WorkId, turn.ExecutionId, status, JsonSerializer.SerializeToElement(turn.Prompt), null)
            : new AgentResult(AgentProtocol.Version, turn.WorkId, turn.ExecutionId, status, null, $"{turn.Participant.ParticipantId} could not answer");
        // Answer after the dispatch activity has returned, as a real agent would.
        _ = Task.Run(async () =>
        {
            await _beforeAnswer();
            await _host.Client.RaiseEventAsync(turn.ExecutionId, turn.WorkId.ToString(), result);
        });
    }
}
