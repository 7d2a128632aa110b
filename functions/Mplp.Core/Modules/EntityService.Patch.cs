using System.Text.Json.Nodes;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Events;

namespace Mplp.Core.Modules;

public sealed partial class EntityService
{
    // Without If-Match a lost race is retried on the fresh version; with it, the client decides.
    private const int MaxAttempts = 3;

    /// <summary>Applies an RFC 7396 merge patch. A patch that changes nothing writes nothing.</summary>
    public async Task<StoredDocument> PatchAsync(ModuleDefinition module, Guid id, JsonObject patch, IfMatch ifMatch, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetAsync(module, id, cancellationToken);
            RequireMatch(module, stored, ifMatch);
            var (document, events) = Patched(module, stored, patch, actor);
            if (events.Count == 0)
            {
                return stored;
            }

            var status = document["status"]!.GetValue<string>();
            var updated = await store.UpdateAsync(module.Collection, RowOf(module, id, status, document), stored.Version, events, cancellationToken);
            if (updated is not null)
            {
                return updated;
            }

            if (ifMatch.IsPresent || attempt == MaxAttempts)
            {
                throw Problems.PreconditionFailed($"The {module.Name} changed while it was being updated; read it again.").AsException();
            }
        }
    }

    private (JsonObject Document, IReadOnlyList<OutboxEvent> Events) Patched(ModuleDefinition module, StoredDocument stored, JsonObject patch, string actor)
    {
        foreach (var field in module.ImmutableFields.Prepend(module.IdField))
        {
            if (patch.TryGetPropertyValue(field, out var value) && !JsonNode.DeepEquals(value, stored.Document[field]))
            {
                throw Problems.Validation($"/{field}", "is immutable").AsException();
            }
        }

        var document = JsonMergePatch.Apply(stored.Document, patch)!.AsObject();
        ServerFields.StampUpdate(document, stored.Document, module, actor, clock.GetUtcNow());
        Validate(module, document);
        if (!ServerFields.ChangedBeyondStamps(stored.Document, document))
        {
            return (stored.Document, []);
        }

        var from = stored.Document["status"]!.GetValue<string>();
        var to = document["status"]!.GetValue<string>();
        if (module.Lifecycle.IsFinal(from))
        {
            throw Problems.Conflict("READ_ONLY_STATE", $"The {module.Name} is read-only", $"A {module.Name} in status '{from}' cannot be changed.").AsException();
        }

        if (!module.Lifecycle.CanMove(from, to))
        {
            throw Problems.InvalidTransition(module.Name, from, to).AsException();
        }

        var data = new JsonObject
        {
            [module.IdField] = stored.Id.ToString(),
            ["version"] = stored.Version + 1,
            ["changed"] = new JsonArray(patch.Select(p => (JsonNode?)p.Key).ToArray()),
            ["actor"] = actor,
        };
        if (from != to)
        {
            data["status_from"] = from;
            data["status_to"] = to;
        }

        var updated = TraceEvents.Create(module.Name, $"{module.Name}.updated", module.TraceIdOf(document), clock.GetUtcNow(), data);
        return (document, [updated]);
    }
}
