using System.Text.Json.Nodes;
using Mplp.Core.Observability;
using Mplp.Core.Protocol;

namespace Mplp.Core.Events;

/// <summary>
/// Builds MPLP events (common/events.schema.json) for the trace of a context. Every event the
/// platform writes records the OpenTelemetry span it was written in (<c>data.otel</c>, see
/// <see cref="SpanReference"/>), so an event leads to its distributed trace and back. Every event
/// is bounded here (<see cref="Bound"/>), so the event log can always store it.
/// </summary>
public static partial class TraceEvents
{
    /// <summary>How much of an agent's output or error an event keeps, in escaped JSON characters (marker included).</summary>
    public const int MaxExcerptChars = 8 * 1024;

    /// <summary>The start of <paramref name="text"/>: at most <see cref="MaxExcerptChars"/> once JSON-escaped, with <see cref="TruncationMarker"/> where it was cut.</summary>
    public static string? Excerpt(string? text) => text is null ? null : Cut(text, MaxExcerptChars);

    /// <param name="source">The module that emits, e.g. <c>context</c>.</param>
    /// <param name="eventType">Dotted lower case, e.g. <c>context.created</c>.</param>
    public static OutboxEvent Create(string source, string eventType, Guid traceId, DateTimeOffset at, JsonObject data)
    {
        SpanReference.AddTo(data);
        return Wrap(source, eventType, MplpIds.New(), traceId, at, data);
    }

    /// <summary>The envelope around <paramref name="data"/>, as is: no span reference added (see <see cref="ProtocolEvents"/>).</summary>
    internal static OutboxEvent Wrap(string source, string eventType, Guid eventId, Guid traceId, DateTimeOffset at, JsonObject data)
    {
        var mplpEvent = new JsonObject
        {
            ["event_id"] = eventId.ToString(),
            ["event_type"] = eventType,
            ["source"] = source,
            ["timestamp"] = MplpTime.Format(at),
            ["trace_id"] = traceId.ToString(),
            ["data"] = data,
        };
        return new OutboxEvent(traceId.ToString(), Bound(mplpEvent));
    }
}
