using System.Text.Json.Nodes;

namespace Mplp.Core.Events;

/// <summary>An MPLP event (common/events.schema.json) bound for the event log partition of a trace.</summary>
public sealed record OutboxEvent(string PartitionKey, JsonObject Event);
