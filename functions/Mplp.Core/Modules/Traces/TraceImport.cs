using System.Text.Json.Nodes;
using Mplp.Core.Events;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Traces;

/// <summary>
/// A trace created with its <c>events</c>, or in a final status: the record of a run made elsewhere.
/// It keeps its events as sent (ids and timestamps included) and writes them to its own log, as an
/// append would: so importing takes <c>trace:append</c>, and gives no power that creating a running
/// trace, appending and completing it does not.
/// </summary>
public static class TraceImport
{
    public static readonly IReadOnlyList<string> FinalStatuses = ["completed", "failed", "cancelled"];

    public static readonly ImportRule Rule = new(Capabilities.TraceAppend, FinalStatuses, Brings)
    {
        LogEvents = LogEvents,
    };

    /// <summary>The appends' rules, for events brought at creation: each names this trace (or none), ids are unique, sizes bounded (refused, never cut).</summary>
    public static IReadOnlyList<SchemaError> Check(JsonObject trace)
    {
        var errors = new List<SchemaError>();
        var traceId = trace["trace_id"]?.ToString();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var events = trace["events"] as JsonArray ?? [];
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not JsonObject mplpEvent)
            {
                continue;  // the schema reports it
            }

            if (mplpEvent["trace_id"] is { } named && named.ToString() != traceId)
            {
                errors.Add(new SchemaError($"/events/{i}/trace_id", "must be the id of the trace it belongs to"));
            }

            if (!seen.Add(mplpEvent["event_id"]?.ToString() ?? ""))
            {
                errors.Add(new SchemaError($"/events/{i}/event_id", "is the id of an earlier event of this trace"));
            }

            if (TraceEvents.StoredSize(mplpEvent) > TraceEvents.MaxEventChars)
            {
                errors.Add(new SchemaError($"/events/{i}", $"is larger than {TraceEvents.MaxEventChars} characters of JSON (non-ASCII characters count as their \\uXXXX escapes)"));
            }
        }

        return errors;
    }

    private static bool Brings(JsonObject trace)
        => trace["events"] is JsonArray { Count: > 0 }
            || (trace["status"] is JsonValue status && status.TryGetValue<string>(out var text) && FinalStatuses.Contains(text));

    private static IReadOnlyList<OutboxEvent> LogEvents(Guid traceId, JsonObject trace)
        => [.. (trace["events"] as JsonArray ?? []).OfType<JsonObject>().Select(e =>
        {
            var logged = e.DeepClone().AsObject();
            logged["trace_id"] ??= traceId.ToString();
            return new OutboxEvent(traceId.ToString(), logged);
        })];
}
