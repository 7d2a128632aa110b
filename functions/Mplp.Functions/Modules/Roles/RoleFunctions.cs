using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Roles;

/// <summary>
/// The Role module's collection. A change to a role's capabilities changes what its holders may do,
/// so this instance forgets the grants it has read (others within <c>GrantsFreshness</c>).
/// </summary>
[ApiModule(typeof(RoleModule))]
public sealed class RoleFunctions(EntityEndpoints endpoints, PrincipalGrants grants)
{
    public const string Collection = EntityEndpoints.ApiRoot + "/roles";
    public const string Item = Collection + "/{id}";

    [Function("Roles_Create")]
    [ApiOperation(ApiOperation.Create)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.CreateAsync(RoleModule.Definition, request, cancellationToken);

    [Function("Roles_Get")]
    [ApiOperation(ApiOperation.Get)]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.GetAsync(RoleModule.Definition, request, id, cancellationToken);

    [Function("Roles_List")]
    [ApiOperation(ApiOperation.List)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.ListAsync(RoleModule.Definition, request, cancellationToken);

    [Function("Roles_Patch")]
    [ApiOperation(ApiOperation.Patch)]
    public async Task<IActionResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var result = await endpoints.PatchAsync(RoleModule.Definition, request, id, cancellationToken);
        grants.Invalidate();
        return result;
    }

    /// <summary>409 ROLE_HAS_DEPENDENTS while the role is assigned to anyone.</summary>
    [Function("Roles_Delete")]
    [ApiOperation(ApiOperation.Delete)]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var result = await endpoints.DeleteAsync(RoleModule.Definition, request, id, cancellationToken);
        grants.Invalidate();
        return result;
    }
}
