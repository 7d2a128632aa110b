using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Events;

/// <summary>The MPLP event families, as <c>events/mplp-event-core.schema.json</c> enumerates them (read from the embedded schema, not copied).</summary>
public static class EventFamilies
{
    public static FrozenSet<string> Known { get; } = Load();

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(MplpSchemas).Assembly.GetManifestResourceStream("mplp/events/mplp-event-core.schema.json")
            ?? throw new InvalidOperationException("The MPLP event core schema is not embedded.");
        var schema = JsonNode.Parse(stream)!;
        return schema["properties"]!["event_family"]!["enum"]!.AsArray().Select(f => f!.GetValue<string>()).ToFrozenSet(StringComparer.Ordinal);
    }
}
