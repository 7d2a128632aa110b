using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Errors;
using Mplp.Core.Protocol;

namespace Mplp.Core.Events;

/// <summary>
/// Events a client appends to a trace: each must be an MPLP event (common/events.schema.json) once
/// the server has filled in what it may leave out (<c>event_id</c>, <c>timestamp</c>, <c>trace_id</c>).
/// </summary>
public sealed class TraceEventBatch(MplpSchemas schemas, TimeProvider clock)
{
    public const int MaxEvents = 100;

    public IReadOnlyList<OutboxEvent> Prepare(Guid traceId, JsonObject body)
    {
        if (body["events"] is not JsonArray events || events.Count is 0 or > MaxEvents)
        {
            throw Problems.Validation("/events", $"must be an array of 1 to {MaxEvents} events");
        }

        var prepared = new List<OutboxEvent>(events.Count);
        var errors = new List<SchemaError>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not JsonObject candidate)
            {
                errors.Add(new SchemaError($"/events/{i}", "must be an object"));
                continue;
            }

            var mplpEvent = candidate.DeepClone().AsObject();
            mplpEvent["event_id"] ??= MplpIds.New().ToString();
            mplpEvent["timestamp"] ??= MplpTime.Format(clock.GetUtcNow());
            mplpEvent["trace_id"] ??= traceId.ToString();
            errors.AddRange(schemas.Validate("common/events.schema.json", JsonSerializer.SerializeToElement(mplpEvent))
                .Select(e => e with { Path = $"/events/{i}{e.Path}" }));
            if (mplpEvent["trace_id"] is JsonValue value && value.ToString() != traceId.ToString())
            {
                errors.Add(new SchemaError($"/events/{i}/trace_id", "must be the id of the trace it is appended to"));
            }

            // A client's event is refused rather than cut: what it sent is stored whole or not at all.
            if (TraceEvents.StoredSize(mplpEvent) > TraceEvents.MaxEventChars)
            {
                errors.Add(new SchemaError($"/events/{i}", $"is larger than {TraceEvents.MaxEventChars} characters of JSON (non-ASCII characters count as their \\uXXXX escapes)"));
            }

            prepared.Add(new OutboxEvent(traceId.ToString(), mplpEvent));
        }

        return errors.Count == 0 ? prepared : throw Problems.Validation(errors);
    }
}
