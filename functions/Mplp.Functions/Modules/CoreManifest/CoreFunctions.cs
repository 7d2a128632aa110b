using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Caching;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.Http.Auth;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.CoreManifest;

/// <summary>The Core module's HTTP API: the instance manifest and switching modules on and off.</summary>
[ApiModule(typeof(CoreModule))]
public sealed class CoreFunctions(InstanceManifest manifest, CacheInvalidation caches, HttpEndpoint endpoint, ApiAccess access, JsonBody json)
{
    private const string Manifest = EntityEndpoints.ApiRoot + "/core";

    [Function("Core_Get")]
    [ApiOperation(ApiOperation.Get, Summary = "The instance manifest (protocol version, modules and their status)")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Manifest)] HttpRequest request, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            await access.AuthorizeAsync(request, Capabilities.Read(CoreModule.Definition));
            return ApiResponse.Document(StatusCodes.Status200OK, await manifest.GetAsync(cancellationToken));
        });

    /// <summary>
    /// Body <c>{"status":"enabled"|"disabled"}</c>; a disabled module's endpoints answer 503 MODULE_DISABLED.
    /// A module the deployment disables cannot be enabled here (409 MODULE_DISABLED_BY_DEPLOYMENT).
    /// </summary>
    [Function("Core_SetModuleStatus")]
    [ApiOperation(ApiOperation.Action, Summary = "Enable or disable a module (body {\"status\": \"enabled\" | \"disabled\"})",
        Problems = [ProblemCodes.ModuleRequired, ProblemCodes.ModuleDisabledByDeployment])]
    public Task<IActionResult> SetModuleStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Manifest + "/modules/{moduleId}")] HttpRequest request, string moduleId, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var actor = await access.AuthorizeAsync(request, Capabilities.Write(CoreModule.Definition));
            var body = await json.ReadObjectAsync(request, cancellationToken);
            var updated = await manifest.SetModuleStatusAsync(moduleId, body, IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            caches.Invalidate(CachedState.ModuleSwitches);
            return ApiResponse.Document(StatusCodes.Status200OK, updated);
        });
}
