using System.Text.Json.Nodes;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;

namespace Mplp.Core.Modules.CoreManifest;

/// <summary>
/// Reads the instance manifest (creating it on first use; the table admits one row, so instances
/// starting together agree on it) and switches modules on and off. The modules the deployment
/// disables show as disabled, whatever the stored switch says: the stored one is the manifest's own,
/// shared by every deployment on the database (other regions included).
/// </summary>
public sealed class InstanceManifest(EntityService entities, DocumentStore store, DeploymentModules deployment)
{
    private static readonly Actor SystemActor = Actor.System("system");
    private static ModuleDefinition Module => CoreModule.Definition;

    public async Task<StoredDocument> GetAsync(CancellationToken cancellationToken)
        => AsDeployed(await ReadStoredAsync(cancellationToken));

    private async Task<StoredDocument> ReadStoredAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var page = await store.ListAsync(Module.Collection, new DocumentFilter(null, null), new PageRequest(1, null), cancellationToken);
            if (page.Items.Count == 1)
            {
                return page.Items[0];
            }

            try
            {
                return await entities.CreateAsync(Module, CoreModule.NewManifest(), SystemActor, cancellationToken);
            }
            catch (ProblemException e) when (e.Problem.Status == 409 && attempt == 0)
            {
                // Another instance created it first: read theirs.
            }
        }
    }

    /// <summary>Enables or disables one module; required modules stay on.</summary>
    public async Task<StoredDocument> SetModuleStatusAsync(string moduleId, JsonObject body, IfMatch ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        if (!CoreModule.ProtocolModules.Contains(moduleId))
        {
            throw Problems.ModuleNotFound(moduleId);
        }

        var status = body["status"] is JsonValue value && value.TryGetValue<string>(out var text) && text is "enabled" or "disabled"
            ? text
            : throw Problems.Validation("/status", "must be 'enabled' or 'disabled'");
        if (status == "disabled" && CoreModule.Required.Contains(moduleId))
        {
            throw Problems.ModuleRequired(moduleId);
        }

        if (status == "enabled" && deployment.Disables(moduleId))
        {
            throw Problems.ModuleDisabledByDeployment(moduleId);
        }

        var manifest = await ReadStoredAsync(cancellationToken);
        return AsDeployed(await entities.ActAsync(Module, manifest.Id, ["modules"], document =>
        {
            var entry = document["modules"]!.AsArray().First(m => m!["module_id"]!.GetValue<string>() == moduleId)!;
            entry["status"] = status;
        }, ifMatch, actor, cancellationToken));
    }

    private StoredDocument AsDeployed(StoredDocument stored)
    {
        bool DisabledHere(JsonNode? entry) => deployment.Disables(entry!["module_id"]!.GetValue<string>());
        if (!stored.Document["modules"]!.AsArray().Any(DisabledHere))
        {
            return stored;
        }

        var document = stored.Document.DeepClone().AsObject();
        foreach (var entry in document["modules"]!.AsArray().Where(DisabledHere))
        {
            entry!["status"] = "disabled";
        }

        return stored with { Document = document };
    }
}
