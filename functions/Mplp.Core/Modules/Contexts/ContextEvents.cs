using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Events;

namespace Mplp.Core.Modules.Contexts;

/// <summary>
/// What everything in a context needs of it: its main trace, where the events of all its objects and
/// workflows go (<see cref="AppendAsync"/> writes one there), and whether work may start in it.
/// </summary>
public sealed class ContextEvents(DocumentStore store, TraceEventWriter writer, TimeProvider clock)
{
    private const int MaxCachedContexts = 100_000;

    // A context's trace binding is immutable, so once read its trace id holds for good: writes in a
    // context need not read the context again. (A context deleted meanwhile fails the write's foreign key.)
    private readonly ConcurrentDictionary<Guid, Guid> _traces = new();

    /// <summary>Appends an event that changes no object to the context's main trace; 422 if there is no such context.</summary>
    /// <param name="source">The module that emits, e.g. <c>plan</c>.</param>
    /// <param name="eventType">Dotted lower case, e.g. <c>step.completed</c>.</param>
    public async Task AppendAsync(Guid contextId, string source, string eventType, JsonObject data, CancellationToken cancellationToken)
    {
        var traceId = await TraceIdAsync(contextId, cancellationToken);
        await writer.AppendAsync([TraceEvents.Create(source, eventType, traceId, clock.GetUtcNow(), data)], cancellationToken);
    }

    /// <summary>The main trace of a context, where the events of everything in it go; 422 (at <c>/context_id</c>) if there is no such context.</summary>
    public async Task<Guid> TraceIdAsync(Guid contextId, CancellationToken cancellationToken)
    {
        if (_traces.TryGetValue(contextId, out var known))
        {
            return known;
        }

        var context = await store.GetAsync(ContextModule.Definition.Collection, contextId, cancellationToken)
            ?? throw Problems.ReferenceNotFound("/context_id", "context", contextId);
        var traceId = ContextModule.Definition.OwnTraceIdOf!(context.Document);
        Remember(contextId, traceId);
        return traceId;
    }

    /// <summary>Called for every object created: a new context's trace is kept, since work in it usually follows at once.</summary>
    public void Created(ModuleDefinition module, Guid id, JsonObject document)
    {
        if (module == ContextModule.Definition)
        {
            Remember(id, ContextModule.Definition.OwnTraceIdOf!(document));
        }
    }

    /// <summary>
    /// 409 <c>CONTEXT_NOT_ACTIVE</c> unless the context is active, for a <paramref name="module"/> object
    /// moving to a status that starts work. Read afresh each time: unlike its trace, a context's status changes.
    /// </summary>
    public async Task RequireActiveAsync(Guid? contextId, ModuleDefinition module, string status, CancellationToken cancellationToken)
    {
        var context = contextId is { } id ? await store.GetAsync(ContextModule.Definition.Collection, id, cancellationToken) : null;
        var contextStatus = context?.Document["status"]?.GetValue<string>();
        if (contextStatus != "active")
        {
            throw Problems.ContextInactive($"A {module.Name} becomes '{status}' only in an active context; its context is '{contextStatus ?? "gone"}'.");
        }
    }

    private void Remember(Guid contextId, Guid traceId)
    {
        if (_traces.Count >= MaxCachedContexts)
        {
            _traces.Clear();
        }

        _traces[contextId] = traceId;
    }
}
