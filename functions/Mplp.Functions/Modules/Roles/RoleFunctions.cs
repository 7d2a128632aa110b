using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Access;
using Mplp.Core.Caching;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Roles;

/// <summary>
/// The Role module's collection. A change to a role's capabilities changes what its holders may do,
/// so every instance forgets the grants it has read (<see cref="CacheInvalidation"/>), and a role
/// may list only what its author holds globally: else a role:write holder who holds the role could
/// add <c>*</c> to it.
/// </summary>
[ApiModule(typeof(RoleModule))]
public sealed class RoleFunctions(EntityEndpoints endpoints, PrincipalGrants grants, CacheInvalidation caches)
{
    public const string Collection = EntityEndpoints.ApiRoot + "/roles";
    public const string Item = Collection + "/{id}";

    [Function("Roles_Create")]
    [ApiOperation(ApiOperation.Create, Problems = [ProblemCodes.EscalationForbidden, ProblemCodes.RoleNameTaken, ProblemCodes.TraceIdTaken])]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(RoleModule.Definition, request, cancellationToken, (role, actor) => RequireHeldAsync(role, actor, cancellationToken));

    [Function("Roles_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(RoleModule.Definition, request, id, cancellationToken);

    [Function("Roles_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(RoleModule.Definition, request, cancellationToken);

    [Function("Roles_Patch")]
    [ApiOperation(ApiOperation.Patch, Problems = [ProblemCodes.EscalationForbidden, ProblemCodes.RoleNameTaken])]
    public async Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var result = await endpoints.PatchAsync(RoleModule.Definition, request, id, cancellationToken, (patch, actor) => RequireHeldAsync(patch, actor, cancellationToken));
        caches.Invalidate(CachedState.Grants);
        return result;
    }

    /// <summary>409 ROLE_HAS_DEPENDENTS while the role is assigned to anyone.</summary>
    [Function("Roles_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var result = await endpoints.DeleteAsync(RoleModule.Definition, request, id, cancellationToken);
        caches.Invalidate(CachedState.Grants);
        return result;
    }

    private async Task RequireHeldAsync(JsonObject role, Actor actor, CancellationToken cancellationToken)
    {
        var listed = Escalation.ListedIn(role).ToList();
        if (listed.Count > 0)
        {
            Escalation.RequireHeldGlobally(await grants.OfAsync(actor.Principal, cancellationToken), listed, "The role would list");
        }
    }
}
