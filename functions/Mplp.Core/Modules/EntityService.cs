using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules;

/// <summary>
/// Create, read, list, merge-patch and delete for every module: server fields, schema validation,
/// lifecycle rules, optimistic concurrency and the trace event of each change, written once.
/// </summary>
public sealed partial class EntityService(DocumentStore store, MplpSchemas schemas, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<StoredDocument> CreateAsync(ModuleDefinition module, JsonObject body, string actor, CancellationToken cancellationToken)
    {
        var document = body.DeepClone().AsObject();
        if (!document.ContainsKey(module.IdField))
        {
            document[module.IdField] = MplpIds.New().ToString();
        }

        document["status"] ??= module.Lifecycle.Initial[0];
        ServerFields.StampNew(document, module, actor, clock.GetUtcNow());
        Validate(module, document);

        var status = document["status"]!.GetValue<string>();
        if (!module.Lifecycle.CanStartIn(status))
        {
            throw Problems.Validation("/status", $"a new {module.Name} starts as one of: {string.Join(", ", module.Lifecycle.Initial)}").AsException();
        }

        var id = IdOf(module, document);
        var created = TraceEvents.Create(module.Name, $"{module.Name}.created", module.TraceIdOf(document), clock.GetUtcNow(), new JsonObject
        {
            [module.IdField] = id.ToString(),
            ["status"] = status,
            ["actor"] = actor,
        });
        return await store.InsertAsync(module.Collection, RowOf(module, id, status, document), [created], cancellationToken)
            ?? throw Problems.AlreadyExists(module.Name, id).AsException();
    }

    public async Task<StoredDocument> GetAsync(ModuleDefinition module, Guid id, CancellationToken cancellationToken)
        => await store.GetAsync(module.Collection, id, cancellationToken)
            ?? throw Problems.NotFound(module.Name, id).AsException();

    public Task<ResultPage<StoredDocument>> ListAsync(ModuleDefinition module, ListQuery query, CancellationToken cancellationToken)
    {
        if (query.Status is { } status && !module.Lifecycle.IsKnown(status))
        {
            throw Problems.BadQuery("status", $"must be one of: {string.Join(", ", module.Lifecycle.Statuses)}").AsException();
        }

        return store.ListAsync(module.Collection, new DocumentFilter(query.ContextId, query.Status), query.Page, cancellationToken);
    }

    public async Task DeleteAsync(ModuleDefinition module, Guid id, IfMatch ifMatch, string actor, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(module, id, cancellationToken);
        RequireMatch(module, stored, ifMatch);
        var deleted = TraceEvents.Create(module.Name, $"{module.Name}.deleted", module.TraceIdOf(stored.Document), clock.GetUtcNow(), new JsonObject
        {
            [module.IdField] = id.ToString(),
            ["version"] = stored.Version,
            ["actor"] = actor,
        });
        if (!await store.DeleteAsync(module.Collection, id, stored.Version, [deleted], cancellationToken))
        {
            throw Problems.PreconditionFailed($"The {module.Name} changed while it was being deleted; read it again.").AsException();
        }
    }

    private void Validate(ModuleDefinition module, JsonObject document)
    {
        var errors = schemas.ValidateModuleObject(module.Name, JsonSerializer.SerializeToElement(document));
        if (errors.Count > 0)
        {
            throw Problems.Validation(errors).AsException();
        }
    }

    private static void RequireMatch(ModuleDefinition module, StoredDocument stored, IfMatch ifMatch)
    {
        if (!ifMatch.Matches(stored.Version))
        {
            throw Problems.PreconditionFailed($"The {module.Name} is at ETag {IfMatch.ETagOf(stored.Version)}; If-Match did not match.").AsException();
        }
    }

    private static Guid IdOf(ModuleDefinition module, JsonObject validated)
        => Guid.Parse(validated[module.IdField]!.GetValue<string>());

    private static DocumentRow RowOf(ModuleDefinition module, Guid id, string status, JsonObject document)
        => new(id, module.ContextIdOf(document), status, document);
}

/// <summary>The list filters and page a client asked for, already parsed.</summary>
public sealed record ListQuery(Guid? ContextId, string? Status, PageRequest Page);
