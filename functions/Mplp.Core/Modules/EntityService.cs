using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Configuration;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Observability;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules;

/// <summary>
/// Create, read, list, merge-patch, transition and delete for every module: server fields, schema
/// validation, module rules, lifecycle, optimistic concurrency and the trace event of each change.
/// </summary>
public sealed partial class EntityService(DocumentStore store, ContextEvents contextEvents, MplpSchemas schemas, TimeProvider clock, IOptions<LimitsOptions> limits)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <param name="importScope">Where the caller holds the module's <see cref="ImportRule.Capability"/>, if anywhere: an object that brings a finished record needs it in its context.</param>
    public async Task<StoredDocument> CreateAsync(ModuleDefinition module, JsonObject body, Actor actor, CancellationToken cancellationToken, ContextScope? importScope = null)
    {
        var document = body.DeepClone().AsObject();
        if (!document.ContainsKey(module.IdField))
        {
            document[module.IdField] = MplpIds.New().ToString();
        }

        if (module.Lifecycle.HasStatus)
        {
            document["status"] ??= module.Lifecycle.Initial[0];
        }

        var now = clock.GetUtcNow();
        module.PrepareNew?.Invoke(document, now);
        ServerFields.StampNew(document, module, actor.Principal, now);
        Validate(module, document);

        var status = StatusOf(document);
        var import = module.Import is { } rule && rule.Brings(document) ? rule : null;
        if (module.Lifecycle.HasStatus && !module.Lifecycle.CanStartIn(status!) && import?.Statuses.Contains(status!) != true)
        {
            throw Problems.Validation("/status", $"a new {module.Name} starts as one of: {string.Join(", ", module.Lifecycle.Initial)}");
        }

        var id = IdOf(module, document);
        var contextId = await ContextOfAsync(module, document, cancellationToken);
        MplpTelemetry.Annotate(contextId, module.SpanPlanIdOf?.Invoke(id, document));
        actor.Scope.Require(contextId);
        if (import is not null)
        {
            (importScope ?? throw Problems.Forbidden(import.Capability, $"A new {module.Name} that brings a finished record is an import: it takes '{import.Capability}' too."))
                .Require(contextId);
        }

        var created = await EventAsync(module, document, contextId, "created", new JsonObject
        {
            [module.IdField] = id.ToString(),
            ["status"] = status,
            ["actor"] = actor.Principal,
        }, cancellationToken);
        // An import's own events are written with it, after its creation's, in the order they were sent.
        var stored = await store.InsertAsync(module.Collection, new DocumentRow(id, contextId, status, document), [created, .. import?.LogEvents?.Invoke(id, document) ?? []], cancellationToken)
            ?? throw Problems.AlreadyExists(module.Name, id);
        contextEvents.Created(module, id, document);
        return stored;
    }

    /// <summary>The object, if the actor may see it: a context-scoped actor sees only objects of its contexts.</summary>
    public async Task<StoredDocument> GetAsync(ModuleDefinition module, Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(module.Collection, id, cancellationToken)
            ?? throw Problems.NotFound(module.Name, id);
        // From the row's columns: reading the document's fields here would materialize the whole
        // JSON tree that is otherwise copied to the response as it was read (a GET's main cost).
        MplpTelemetry.Annotate(stored.ContextId, module.SpanPlanIdOf?.Invoke(id, null));
        if (!actor.Scope.IsEverywhere)
        {
            actor.Scope.Require(await ContextOfAsync(module, stored.Document, cancellationToken));
        }

        return stored;
    }

    public Task<ResultPage<StoredDocument>> ListAsync(ModuleDefinition module, ListQuery query, Actor actor, CancellationToken cancellationToken)
    {
        if (query.Status is { } status && !module.Lifecycle.IsKnown(status))
        {
            throw Problems.BadQuery("status", module.Lifecycle.HasStatus
                ? $"must be one of: {string.Join(", ", module.Lifecycle.Statuses)}"
                : $"a {module.Name} has no status");
        }

        actor.Scope.RequireFilter(query.ContextId);
        return store.ListAsync(module.Collection, new DocumentFilter(query.ContextId, query.Status), query.Page, cancellationToken);
    }

    public async Task DeleteAsync(ModuleDefinition module, Guid id, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(module, id, actor, cancellationToken);
        RequireMatch(module, stored, ifMatch);
        var contextId = await ContextOfAsync(module, stored.Document, cancellationToken);
        var deleted = await EventAsync(module, stored.Document, contextId, "deleted", new JsonObject
        {
            [module.IdField] = id.ToString(),
            ["version"] = stored.Version,
            ["actor"] = actor.Principal,
        }, cancellationToken);
        switch (await store.DeleteAsync(module.Collection, id, stored.Version, [deleted], cancellationToken))
        {
            case DeleteOutcome.VersionChanged:
                throw Problems.PreconditionFailed($"The {module.Name} changed while it was being deleted; read it again.");
            case DeleteOutcome.HasDependents:
                throw Problems.HasDependents(module.Name, $"Other objects refer to this {module.Name}; delete them first.");
        }
    }

    /// <summary>
    /// The limits (<see cref="DocumentLimits"/>; the size only if <paramref name="sized"/>), the schema and
    /// the module's rules, for a new object or one changed from <paramref name="before"/>.
    /// </summary>
    private void Validate(ModuleDefinition module, JsonObject document, JsonObject? before = null, bool byAction = false, bool sized = true)
    {
        // Serialized once: the limit measures these bytes and the schema validates them.
        var json = DocumentLimits.Serialize(document);
        if (sized)
        {
            DocumentLimits.RequireSize(module, json.Length, before, limits.Value);
        }

        DocumentLimits.RequireCappedList(module, document, before, byAction, limits.Value);
        var errors = schemas.ValidateModuleObject(module.Name, JsonElement.Parse(json));
        if (errors.Count > 0)
        {
            throw Problems.Validation(errors);
        }

        if (module.CheckRules?.Invoke(document) is { Count: > 0 } broken)
        {
            throw Problems.RulesViolated(module.Name, broken);
        }
    }

    /// <summary>An event for the object's trace: its own (a context) or its context's.</summary>
    private async Task<OutboxEvent> EventAsync(ModuleDefinition module, JsonObject document, Guid? contextId, string change, JsonObject data, CancellationToken cancellationToken)
    {
        var traceId = module.OwnTraceIdOf?.Invoke(document) ?? await contextEvents.TraceIdAsync(
            contextId ?? throw new InvalidOperationException($"A {module.Name} without a context has no trace to log to."), cancellationToken);
        return TraceEvents.Create(module.Name, $"{module.Name}.{change}", traceId, clock.GetUtcNow(), data);
    }

    /// <summary>The object's context: named by the object, or the context of its target (which must exist).</summary>
    private async Task<Guid?> ContextOfAsync(ModuleDefinition module, JsonObject document, CancellationToken cancellationToken)
    {
        if (module.ContextIdOf(document) is { } contextId)
        {
            return contextId;
        }

        if (module.TargetOf?.Invoke(document) is not { } target)
        {
            return null;
        }

        var targetModule = MplpModules.ByName(target.Module);
        var stored = await store.GetAsync(targetModule.Collection, target.Id, cancellationToken)
            ?? throw Problems.ReferenceNotFound("/target_id", target.Module, target.Id);
        return targetModule.ContextIdOf(stored.Document);
    }

    private static void RequireMatch(ModuleDefinition module, StoredDocument stored, IfMatch ifMatch)
    {
        if (!ifMatch.Matches(stored.Version))
        {
            throw Problems.PreconditionFailed($"The {module.Name} is at ETag {IfMatch.ETagOf(stored.Version)}; If-Match did not match.");
        }
    }

    private static Guid IdOf(ModuleDefinition module, JsonObject validated)
        => Guid.Parse(validated[module.IdField]!.GetValue<string>());

    private static string? StatusOf(JsonObject validated) => validated["status"]?.GetValue<string>();
}

/// <summary>The list filters and page a client asked for, already parsed.</summary>
public sealed record ListQuery(Guid? ContextId, string? Status, PageRequest Page);
