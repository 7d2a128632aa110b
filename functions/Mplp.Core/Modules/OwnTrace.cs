using System.Text.Json.Nodes;
using Mplp.Core.Observability;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules;

/// <summary>
/// The <c>trace</c> binding of an object that owns a trace (a context, a role, the manifest): where
/// the object's events go. Assigned when the object is created without one, immutable afterwards;
/// its <c>attributes.otel</c> names the OpenTelemetry span of the request that created it.
/// </summary>
public static class OwnTrace
{
    public static Guid IdOf(JsonObject document) => Guid.Parse(document["trace"]!["trace_id"]!.GetValue<string>());

    public static void AssignIfMissing(JsonObject document, JsonNode? contextId = null)
    {
        if (!document.ContainsKey("trace"))
        {
            document["trace"] = New(contextId);
        }
    }

    public static JsonObject New(JsonNode? contextId = null)
    {
        var trace = new JsonObject { ["trace_id"] = MplpIds.New().ToString(), ["span_id"] = MplpIds.New().ToString() };
        if (contextId is not null)
        {
            trace["context_id"] = contextId.DeepClone();
        }

        if (SpanReference.Current() is { } span)
        {
            trace["attributes"] = new JsonObject { [SpanReference.Field] = span };
        }

        return trace;
    }
}
