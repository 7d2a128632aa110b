using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Modules.Extensions;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Extensions;

/// <summary>The Extension module's HTTP API: the collection plus activate, deactivate and deprecate.</summary>
[ApiModule(typeof(ExtensionModule))]
public sealed class ExtensionFunctions(EntityEndpoints endpoints)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/extensions";
    private const string Item = Collection + "/{id}";

    [Function("Extensions_Create")]
    [ApiOperation(ApiOperation.Create)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(ExtensionModule.Definition, request, cancellationToken);

    [Function("Extensions_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(ExtensionModule.Definition, request, id, cancellationToken);

    [Function("Extensions_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(ExtensionModule.Definition, request, cancellationToken);

    [Function("Extensions_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.PatchAsync(ExtensionModule.Definition, request, id, cancellationToken);

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
}
