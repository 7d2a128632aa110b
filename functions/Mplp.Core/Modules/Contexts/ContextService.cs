using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Contexts;

/// <summary>
/// Context specifics on top of the shared entity rules: a new context without a <c>trace</c> gets
/// its main trace here, so every later event of the context has a partition in the event log.
/// </summary>
public sealed class ContextService(EntityService entities)
{
    private static ModuleDefinition Module => ContextModule.Definition;

    public Task<StoredDocument> CreateAsync(JsonObject body, string actor, CancellationToken cancellationToken)
    {
        var document = body.DeepClone().AsObject();
        if (!document.ContainsKey("context_id"))
        {
            document["context_id"] = MplpIds.New().ToString();
        }

        if (!document.ContainsKey("trace"))
        {
            document["trace"] = new JsonObject
            {
                ["trace_id"] = MplpIds.New().ToString(),
                ["span_id"] = MplpIds.New().ToString(),
                ["context_id"] = document["context_id"]?.DeepClone(),
            };
        }

        return entities.CreateAsync(Module, document, actor, cancellationToken);
    }

    public Task<StoredDocument> GetAsync(Guid id, CancellationToken cancellationToken) => entities.GetAsync(Module, id, cancellationToken);

    public Task<ResultPage<StoredDocument>> ListAsync(ListQuery query, CancellationToken cancellationToken) => entities.ListAsync(Module, query, cancellationToken);

    public Task<StoredDocument> PatchAsync(Guid id, JsonObject patch, IfMatch ifMatch, string actor, CancellationToken cancellationToken)
        => entities.PatchAsync(Module, id, patch, ifMatch, actor, cancellationToken);

    public Task DeleteAsync(Guid id, IfMatch ifMatch, string actor, CancellationToken cancellationToken)
        => entities.DeleteAsync(Module, id, ifMatch, actor, cancellationToken);
}
