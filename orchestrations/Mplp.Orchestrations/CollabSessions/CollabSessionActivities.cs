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
public sealed class CollabSessionActivities(EntityService entities, AgentWork agents, ContextEvents contextEvents, IOptions<AgentOptions> options)
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
        await AppendAsync(new SessionEvent(run.CollabId, run.ContextId, "MAPSessionStarted", new Dictionary<string, string?>
        {
            ["mode"] = input.Mode,
            ["rounds"] = $"{input.Rounds}",
            ["participants"] = string.Join(",", participants.Select(p => p.ParticipantId)),
        }), cancellationToken);
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

    [Function(Record)]
    public Task RecordAsync([ActivityTrigger] SessionEvent sessionEvent, CancellationToken cancellationToken) => AppendAsync(sessionEvent, cancellationToken);

    private async Task AppendAsync(SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        var data = new JsonObject { ["collab_id"] = sessionEvent.CollabId.ToString(), ["actor"] = Session.Principal };
        foreach (var (key, value) in sessionEvent.Data)
        {
            data[key] = TraceEvents.Excerpt(value);
        }

        await contextEvents.AppendAsync(sessionEvent.ContextId, Collabs.Name, sessionEvent.Type, data, cancellationToken);
    }
}
