using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mplp.Core.Observability;
using Mplp.Core.Protocol;

namespace Mplp.Core.Events;

/// <summary>
/// MPLP profile events (SA, MAP: schemas/events/mplp-sa-event and mplp-map-event) and family events
/// (pipeline_stage, graph_update, runtime_execution) as log entries. Every entry stays the common
/// envelope (common/events.schema.json); its <c>data</c> is the profile or family event itself,
/// with the same <c>event_id</c> and <c>timestamp</c>. The envelope's <c>event_type</c> must be
/// dotted lower case, so it is the event's name in that form (<see cref="EnvelopeTypeOf"/>):
/// <c>SAStepStarted</c> is logged as <c>sa.step.started</c>, the family event
/// <c>pipeline_stage_completed</c> as <c>pipeline.stage.completed</c>.
/// </summary>
public static partial class ProtocolEvents
{
    public const string PipelineStage = "pipeline_stage";
    public const string GraphUpdate = "graph_update";
    public const string RuntimeExecution = "runtime_execution";

    /// <summary>
    /// An SA event (<paramref name="type"/>: <c>SAInitialized</c>, ...) of one execution. The SA schema
    /// allows no other fields, so what the platform adds (the span reference) goes into <c>payload</c>.
    /// </summary>
    public static OutboxEvent Sa(string source, string type, SaScope scope, DateTimeOffset at, JsonObject payload)
        => Profile(source, type, scope.TraceId, at, payload, new JsonObject
        {
            ["sa_id"] = scope.SaId.ToString(),
            ["context_id"] = scope.ContextId.ToString(),
            ["plan_id"] = scope.PlanId.ToString(),
            ["trace_id"] = scope.TraceId.ToString(),
        });

    /// <summary>A MAP event (<paramref name="type"/>: <c>MAPSessionStarted</c>, ...) of the session <paramref name="sessionId"/> (the collab's id).</summary>
    public static OutboxEvent Map(string source, string type, Guid sessionId, Guid traceId, DateTimeOffset at, JsonObject payload, IReadOnlyList<string>? targetRoles = null)
    {
        var fields = new JsonObject { ["session_id"] = sessionId.ToString() };
        if (targetRoles is not null)
        {
            fields["target_roles"] = new JsonArray([.. targetRoles.Select(r => (JsonNode?)r)]);
        }

        return Profile(source, type, traceId, at, payload, fields);
    }

    /// <summary>
    /// A family event: <c>event_type</c> is <c>{family}_{kind}</c> (e.g. <c>pipeline_stage_running</c>),
    /// <paramref name="fields"/> hold what the family requires. Family schemas allow extra fields.
    /// </summary>
    public static OutboxEvent Family(string source, string family, string kind, Guid traceId, DateTimeOffset at, JsonObject fields)
    {
        fields["event_family"] = family;
        SpanReference.AddTo(fields);
        return Build(source, $"{family}_{kind}", traceId, at, fields);
    }

    /// <summary>The envelope's dotted lower-case type: <c>SAStepStarted</c> is <c>sa.step.started</c>, <c>graph_update_bulk</c> is <c>graph.update.bulk</c>.</summary>
    public static string EnvelopeTypeOf(string name)
        => string.Join('.', WordBoundary().Split(name).Select(w => w.ToLowerInvariant()));

    private static OutboxEvent Profile(string source, string type, Guid traceId, DateTimeOffset at, JsonObject payload, JsonObject fields)
    {
        SpanReference.AddTo(payload);
        fields["payload"] = payload;
        return Build(source, type, traceId, at, fields);
    }

    private static OutboxEvent Build(string source, string type, Guid traceId, DateTimeOffset at, JsonObject fields)
    {
        var eventId = MplpIds.New();
        var data = new JsonObject
        {
            ["event_id"] = eventId.ToString(),
            ["event_type"] = type,
            ["timestamp"] = MplpTime.Format(at),
        };
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            data[key] = value;
        }

        return TraceEvents.Wrap(source, EnvelopeTypeOf(type), eventId, traceId, at, data);
    }

    // Between a lower-case letter and a capital, before the last capital of an acronym (SA|Step), and at underscores.
    [GeneratedRegex("_|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex WordBoundary();
}

/// <summary>The ids every SA event of one plan execution carries: one <see cref="SaId"/> per execution.</summary>
public sealed record SaScope(Guid SaId, Guid ContextId, Guid PlanId, Guid TraceId);
