using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Extensions;
using Mplp.Core.Modules.Extensions.Webhooks;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Extensions;

/// <summary>
/// The Extension module's HTTP API: the collection plus activate, deactivate and deprecate. A webhook
/// url a create or patch names must be a target the SSRF rules allow (<see cref="WebhookTargets"/>).
/// </summary>
[ApiModule(typeof(ExtensionModule))]
public sealed class ExtensionFunctions(EntityEndpoints endpoints, WebhookTargets targets)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/extensions";
    private const string Item = Collection + "/{id}";

    [Function("Extensions_Create")]
    [ApiOperation(ApiOperation.Create, Problems = [ProblemCodes.WebhookTargetRefused])]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(ExtensionModule.Definition, request, cancellationToken, (body, _) => RequireAllowedTargetAsync(body, cancellationToken));

    [Function("Extensions_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(ExtensionModule.Definition, request, id, cancellationToken);

    [Function("Extensions_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(ExtensionModule.Definition, request, cancellationToken);

    [Function("Extensions_Patch")]
    [ApiOperation(ApiOperation.Patch, Problems = [ProblemCodes.WebhookTargetRefused])]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(ExtensionModule.Definition, request, id, cancellationToken, (patch, _) => RequireAllowedTargetAsync(patch, cancellationToken));

    [Function("Extensions_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.DeleteAsync(ExtensionModule.Definition, request, id, cancellationToken);

    [Function("Extensions_Activate")]
    [ApiOperation(ApiOperation.Action, Summary = "Activate an extension")]
    public Task<IActionResult> Activate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/activate")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.TransitionAsync(ExtensionModule.Definition, request, id, "active", Capabilities.Write(ExtensionModule.Definition), cancellationToken);

    [Function("Extensions_Deactivate")]
    [ApiOperation(ApiOperation.Action, Summary = "Deactivate an extension")]
    public Task<IActionResult> Deactivate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/deactivate")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.TransitionAsync(ExtensionModule.Definition, request, id, "inactive", Capabilities.Write(ExtensionModule.Definition), cancellationToken);

    [Function("Extensions_Deprecate")]
    [ApiOperation(ApiOperation.Action, Summary = "Deprecate an extension")]
    public Task<IActionResult> Deprecate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Item + "/deprecate")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.TransitionAsync(ExtensionModule.Definition, request, id, "deprecated", Capabilities.Write(ExtensionModule.Definition), cancellationToken);

    /// <summary>The url a body or patch sets, if well formed (the module's rules report one that is not).</summary>
    private Task RequireAllowedTargetAsync(JsonObject body, CancellationToken cancellationToken)
        => ((body["config"] as JsonObject)?["webhook"] as JsonObject)?["url"] is JsonValue url && url.TryGetValue<string>(out var text)
            && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? targets.RequireAllowedAsync(uri, cancellationToken)
            : Task.CompletedTask;
}
