using System.Text.Json.Nodes;
using Mplp.Core.Observability;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Traces;

/// <summary>
/// Trace: a traced run inside a context (a plan execution, an agent session). Its event log is the
/// Azure Table partition of its <c>trace_id</c>. Lifecycle (ours): pending -> running | cancelled;
/// running -> completed | failed | cancelled; the last three are final, and a final trace takes no
/// more events. A trace may also be created final, with its events: an import (<see cref="TraceImport"/>).
/// Events about the Trace object itself go to its context's trace, like every module's.
/// </summary>
public static class TraceModule
{
    public static readonly Lifecycle Lifecycle = new(
        initial: ["pending", "running"],
        transitions: new Dictionary<string, string[]>
        {
            ["pending"] = ["running", "cancelled"],
            ["running"] = ["completed", "failed", "cancelled"],
            ["completed"] = [],
            ["failed"] = [],
            ["cancelled"] = [],
        });

    public static readonly ModuleDefinition Definition = new(
        Name: "trace",
        Collection: "traces",
        IdField: "trace_id",
        Lifecycle: Lifecycle,
        HasTimestamps: false,
        ImmutableFields: ["context_id", "root_span"],
        ContextIdOf: document => Guid.Parse(document["context_id"]!.GetValue<string>()))
    {
        PrepareNew = (document, _) => RootSpan(document),
        CheckRules = TraceImport.Check,
        Import = TraceImport.Rule,
        SpanPlanIdOf = (_, document) => document?["plan_id"] is JsonValue value && Guid.TryParse(value.ToString(), out var planId) ? planId : null,
    };

    /// <summary>
    /// A trace created without a root span gets one in its own trace, whose <c>attributes.otel</c>
    /// names the OpenTelemetry span of the request that created it.
    /// </summary>
    private static void RootSpan(JsonObject document)
    {
        if (document["root_span"] is not null)
        {
            return;
        }

        var rootSpan = new JsonObject
        {
            ["trace_id"] = document["trace_id"]?.DeepClone(),
            ["span_id"] = MplpIds.New().ToString(),
            ["context_id"] = document["context_id"]?.DeepClone(),
        };
        if (SpanReference.Current() is { } span)
        {
            rootSpan["attributes"] = new JsonObject { [SpanReference.Field] = span };
        }

        document["root_span"] = rootSpan;
    }
}
