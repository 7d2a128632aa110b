using Microsoft.AspNetCore.Http;
using Mplp.Core.Access;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Roles;

namespace Mplp.Functions.Http.Auth;

/// <summary>
/// Authentication and authorization of one request: the caller must hold the endpoint's capability
/// through its role assignments (401 without credentials, 403 without the capability). The
/// <see cref="Actor"/> it returns carries where the capability holds, which the module services
/// check against the object's context.
/// </summary>
public sealed class ApiAccess(Authenticator authenticator, PrincipalGrants grants)
{
    public async Task<Actor> AuthorizeAsync(HttpRequest request, string capability)
    {
        var principal = await authenticator.PrincipalOfAsync(request);
        return ActorOf(principal, await grants.OfAsync(principal, request.HttpContext.RequestAborted), capability);
    }

    /// <summary>The caller acting with <paramref name="capability"/>, where <paramref name="held"/> grants it (403 where nowhere).</summary>
    public static Actor ActorOf(string principal, Grants held, string capability)
    {
        var scope = held.ScopeOf(capability)
            ?? throw Problems.Forbidden(capability, $"'{principal}' does not hold '{capability}'; a role assignment can grant it.");
        return new Actor(principal, scope);
    }
}
