using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mplp.Core.Observability;

/// <summary>
/// Where an MPLP object or event records the OpenTelemetry span it was written in. MPLP ids are
/// UUIDs and the event schema has no span field, so the W3C ids go where the schemas leave room:
/// an event's <c>data</c> and a span's <c>attributes</c>, as <c>"otel": {"trace_id", "span_id"}</c>
/// (32 and 16 lower-case hex digits, as in <c>traceparent</c>).
/// </summary>
public static class SpanReference
{
    public const string Field = "otel";

    /// <summary>The current span's ids, or null outside any span.</summary>
    public static JsonObject? Current()
        => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
            ? new JsonObject { ["trace_id"] = current.TraceId.ToHexString(), ["span_id"] = current.SpanId.ToHexString() }
            : null;

    /// <summary>Adds <see cref="Field"/> to <paramref name="target"/> when there is a current span and it has none.</summary>
    public static void AddTo(JsonObject target)
    {
        if (!target.ContainsKey(Field) && Current() is { } ids)
        {
            target[Field] = ids;
        }
    }
}
