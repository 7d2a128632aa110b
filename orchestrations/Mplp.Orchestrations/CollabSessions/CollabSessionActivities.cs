using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Agents;
using Mplp.Core.Events;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Collabs;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Observability;

namespace Mplp.Orchestrations.CollabSessions;

/// <summary>The session's reads and writes: the collab's participants, turns to agents' queues (each with its claim token), MAP events.</summary>
public sealed class CollabSessionActivities(
    EntityService entities, AgentWork agents, ContextEvents contextEvents, TraceEventWriter writer, TimeProvider clock, IOptions<AgentOptions> options)
{
    public const string Start = "CollabSession_Start";
    public const string Dispatch = "CollabSession_Dispatch";
    public const string Record = "CollabSession_Record";

    private static readonly Actor Session = Actor.System("collab-session");
    private static ModuleDefinition Collabs => CollabModule.Definition;

    [Function(Start)]
    public async Task<CollabRun> StartAsync([ActivityTrigger] CollabSessionInput input, CancellationToken cancellationToken)
    {
        var collab = (await entities.GetAsync(Collabs, input.CollabId, Session, cancellationToken)).Document;
        var participants = (collab["participants"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => new SessionParticipant(p["participant_id"]!.GetValue<string>(), p["role_id"]?.GetValue<string>() ?? p["participant_id"]!.GetValue<string>()))
            .ToList();
        var run = new CollabRun(input.CollabId, Guid.Parse(collab["context_id"]!.GetValue<string>()), participants);
        var traceId = await contextEvents.TraceIdAsync(run.ContextId, cancellationToken);
        var at = clock.GetUtcNow();
        await writer.AppendAsync([
            Map("MAPSessionStarted", run.CollabId, traceId, at, new JsonObject
            {
                ["mode"] = input.Mode,
                ["rounds"] = input.Rounds,
                ["participant_count"] = participants.Count,
                ["actor"] = Session.Principal,
            }),
            Map("MAPRolesAssigned", run.CollabId, traceId, at, new JsonObject
            {
                ["assignments"] = new JsonArray([.. participants.Select(p => (JsonNode?)new JsonObject { ["participant_id"] = p.ParticipantId, ["role_id"] = p.Role })]),
            }, [.. participants.Select(p => p.Role).Distinct()]),
        ], cancellationToken);
        return run;
    }

    [Function(Dispatch)]
    public async Task DispatchAsync([ActivityTrigger] TurnRequest turn, CancellationToken cancellationToken)
    {
        var traceId = await contextEvents.TraceIdAsync(turn.ContextId, cancellationToken);
        var order = new WorkOrder(turn.WorkId, turn.ExecutionId, turn.ContextId, turn.Participant.Role, turn.Prompt, turn.Deadline,
            traceId, options.Value.ResultsQueue, MplpTelemetry.CurrentTraceParent());
        await agents.HandOutAsync(WorkItem.ForCollabTurn(turn.CollabId, turn.Participant.ParticipantId, turn.Round, order), cancellationToken);
    }

    /// <summary>Logs the session's events in the order given, in one write.</summary>
    [Function(Record)]
    public async Task RecordAsync([ActivityTrigger] IReadOnlyList<SessionEvent> sessionEvents, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var events = new List<OutboxEvent>(sessionEvents.Count);
        foreach (var sessionEvent in sessionEvents)
        {
            var traceId = await contextEvents.TraceIdAsync(sessionEvent.ContextId, cancellationToken);
            var payload = PayloadOf(sessionEvent);
            IReadOnlyList<string>? targets = sessionEvent.Turn is { } turn ? [turn.Participant.Role] : null;
            events.Add(Map(sessionEvent.Type, sessionEvent.CollabId, traceId, at, payload, targets));
        }

        await writer.AppendAsync(events, cancellationToken);
    }

    private static OutboxEvent Map(string type, Guid collabId, Guid traceId, DateTimeOffset at, JsonObject payload, IReadOnlyList<string>? targetRoles = null)
        => ProtocolEvents.Map(Collabs.Name, type, collabId, traceId, at, payload, targetRoles);

    /// <summary>The MAP payload: a turn's role, number and answer under the names the MAP schema's payload definitions use.</summary>
    private static JsonObject PayloadOf(SessionEvent sessionEvent)
    {
        var payload = new JsonObject();
        foreach (var (key, value) in sessionEvent.Counts ?? new Dictionary<string, int>())
        {
            payload[key] = value;
        }

        if (sessionEvent.Type == "MAPBroadcastSent")
        {
            payload["broadcaster_role_id"] = Session.Principal;  // the session itself fans the round out
        }

        if (sessionEvent.Turn is not { } turn)
        {
            return payload;
        }

        var answer = turn.Status is null ? null : new JsonObject { ["status"] = turn.Status, ["output"] = TraceEvents.Excerpt(turn.Output) };
        payload[sessionEvent.Type == "MAPBroadcastReceived" ? "receiver_role_id" : "role_id"] = turn.Participant.Role;
        payload["participant_id"] = turn.Participant.ParticipantId;
        payload["turn_number"] = turn.Number;
        payload["round"] = turn.Round;
        switch (sessionEvent.Type)
        {
            case "MAPTurnDispatched":
                payload["token_id"] = turn.WorkId.ToString();
                break;
            case "MAPTurnCompleted":
                payload["result"] = answer;
                break;
            case "MAPBroadcastReceived":
                payload["response"] = answer;
                break;
        }

        return payload;
    }
}
