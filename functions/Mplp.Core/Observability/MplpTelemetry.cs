using System.Diagnostics;

namespace Mplp.Core.Observability;

/// <summary>
/// The platform's own spans (ActivitySource <see cref="Name"/>) and the W3C trace context that ties
/// a request, the orchestrations it starts, the agents' work and the MPLP events together. The
/// hosts decide whether spans are exported; the ids exist either way, so correlation does not
/// depend on an exporter.
/// </summary>
public static class MplpTelemetry
{
    /// <summary>The name of the platform's ActivitySource and Meter.</summary>
    public const string Name = "Mplp";

    public const string ContextIdTag = "mplp.context_id";
    public const string PlanIdTag = "mplp.plan_id";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The current span as a W3C <c>traceparent</c>, or null outside any span.</summary>
    public static string? CurrentTraceParent()
        => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts a span that continues the trace a message carries (<paramref name="traceparent"/>, the
    /// sender's span), linked to the span current now (the invocation that received it: a queue
    /// message starts a trace of its own under either host). Inside that trace already, or without a
    /// valid <paramref name="traceparent"/>, it is an ordinary child of the current span.
    /// </summary>
    public static Activity? StartContinuing(string name, ActivityKind kind, string? traceparent)
    {
        if (!ActivityContext.TryParse(traceparent, null, isRemote: true, out var sender)
            || Activity.Current is { } inTrace && inTrace.TraceId == sender.TraceId)
        {
            return Source.StartActivity(name, kind);
        }

        ActivityLink[]? links = Activity.Current is { } invocation ? [new ActivityLink(invocation.Context)] : null;
        return Source.StartActivity(name, kind, sender, links: links);
    }

    /// <summary>
    /// Names the MPLP context and plan on the current span. Logs written under the span carry them too
    /// (the hosts log the current span's tags), so a log line leads to the context and the plan.
    /// </summary>
    public static void Annotate(Guid? contextId, Guid? planId = null)
    {
        if (Activity.Current is not { } current)
        {
            return;
        }

        if (contextId is { } context)
        {
            current.SetTag(ContextIdTag, context.ToString());
        }

        if (planId is { } plan)
        {
            current.SetTag(PlanIdTag, plan.ToString());
        }
    }
}
