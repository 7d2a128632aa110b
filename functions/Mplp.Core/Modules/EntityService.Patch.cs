using System.Text.Json.Nodes;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;

namespace Mplp.Core.Modules;

public sealed partial class EntityService
{
    // Without If-Match a lost race is retried on the fresh version; with it, the client decides.
    private const int MaxAttempts = 3;

    /// <summary>Applies an RFC 7396 merge patch. A patch that changes nothing writes nothing.</summary>
    public Task<StoredDocument> PatchAsync(ModuleDefinition module, Guid id, JsonObject patch, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
        => ChangeAsync(module, id, ifMatch, actor, new Change([.. patch.Select(p => p.Key)], ByAction: false, stored =>
        {
            foreach (var field in module.ImmutableFields.Prepend(module.IdField))
            {
                if (patch.TryGetPropertyValue(field, out var value) && !JsonNode.DeepEquals(value, stored[field]))
                {
                    throw Problems.Validation($"/{field}", "is immutable");
                }
            }

            return JsonMergePatch.Apply(stored, patch)!.AsObject();
        }), cancellationToken);

    /// <summary>Moves the object to <paramref name="status"/> on behalf of a module action (approve, ...).</summary>
    public Task<StoredDocument> TransitionAsync(ModuleDefinition module, Guid id, string status, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
        => ActAsync(module, id, ["status"], document => document["status"] = status, ifMatch, actor, cancellationToken);

    /// <summary>
    /// A module action (join a collab, post a message, ...): <paramref name="act"/> edits a copy of
    /// the stored object, which then passes the same schema, rule and lifecycle checks as a patch.
    /// Fields a patch may not touch are the action's to change.
    /// </summary>
    public Task<StoredDocument> ActAsync(ModuleDefinition module, Guid id, IReadOnlyList<string> fields, Action<JsonObject> act, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
        => ChangeAsync(module, id, ifMatch, actor, new Change(fields, ByAction: true, stored =>
        {
            var document = stored.DeepClone().AsObject();
            act(document);
            return document;
        }), cancellationToken);

    private async Task<StoredDocument> ChangeAsync(ModuleDefinition module, Guid id, IfMatch ifMatch, Actor actor, Change change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetAsync(module, id, actor, cancellationToken);
            RequireMatch(module, stored, ifMatch);
            var document = change.Apply(stored.Document);
            ServerFields.StampUpdate(document, stored.Document, module, actor.Principal, clock.GetUtcNow());
            // Status words and the platform's bookkeeping (step and node statuses) change a few bytes:
            // an object accepted just under the size limit must still be able to run.
            Validate(module, document, stored.Document, change.ByAction, sized: !actor.IsPlatform && change.Fields is not ["status"]);
            if (!ServerFields.ChangedBeyondStamps(stored.Document, document))
            {
                return stored;
            }

            var (status, data) = CheckTransition(module, stored, document, change);
            RequireUnfrozen(module, stored.Document, document);
            data["actor"] = actor.Principal;
            var contextId = await ContextOfAsync(module, document, cancellationToken);
            actor.Scope.Require(contextId);
            if (status is not null && data.ContainsKey("status_to") && module.WorkStatuses.Contains(status))
            {
                await contextEvents.RequireActiveAsync(contextId, module, status, cancellationToken);
            }
            var updated = await EventAsync(module, document, contextId, "updated", data, cancellationToken);
            var written = await store.UpdateAsync(module.Collection, new DocumentRow(id, contextId, status, document), stored.Version, [updated], cancellationToken);
            if (written is not null)
            {
                return written;
            }

            if (ifMatch.IsPresent || attempt == MaxAttempts)
            {
                throw Problems.PreconditionFailed($"The {module.Name} changed while it was being updated; read it again.");
            }
        }
    }

    /// <summary>In a frozen status only the status (and what the module leaves out of its content) may change.</summary>
    private static void RequireUnfrozen(ModuleDefinition module, JsonObject stored, JsonObject document)
    {
        var from = StatusOf(stored);
        if (from is not null && module.FrozenStatuses.Contains(from) && !JsonNode.DeepEquals(module.ContentOf!(stored), module.ContentOf(document)))
        {
            throw Problems.Frozen(module.Name, from);
        }
    }

    private static (string? Status, JsonObject EventData) CheckTransition(ModuleDefinition module, StoredDocument stored, JsonObject document, Change change)
    {
        var data = new JsonObject
        {
            [module.IdField] = stored.Id.ToString(),
            ["version"] = stored.Version + 1,
            // Only fields the schema knows: both documents passed it (additionalProperties: false),
            // so a patch key neither has (removing what is not there) names nothing and stays out.
            ["changed"] = new JsonArray([.. change.Fields.Where(f => stored.Document.ContainsKey(f) || document.ContainsKey(f)).Select(f => (JsonNode?)f)]),
        };
        if (!module.Lifecycle.HasStatus)
        {
            return (null, data);
        }

        var from = StatusOf(stored.Document)!;
        var to = StatusOf(document)!;
        if (module.Lifecycle.IsFinal(from))
        {
            throw Problems.ReadOnly($"The {module.Name} is read-only", $"A {module.Name} in status '{from}' cannot be changed.");
        }

        if (!module.Lifecycle.CanMove(from, to))
        {
            throw Problems.InvalidTransition(module.Name, from, to);
        }

        if (from != to && !change.ByAction && module.Lifecycle.ActionOnly.Contains(to))
        {
            throw Problems.RequiresAction(module.Name, to);
        }

        if (from != to)
        {
            data["status_from"] = from;
            data["status_to"] = to;
        }

        return (to, data);
    }

    /// <summary>What a change touches, who asks for it, and how it turns the stored object into the new one.</summary>
    private sealed record Change(IReadOnlyList<string> Fields, bool ByAction, Func<JsonObject, JsonObject> Apply);
}
