using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Roles;

/// <summary>
/// Answers whether a principal holds a capability (in a context), and through which roles. About
/// oneself, <c>role:read</c> anywhere will do; about another principal, it must be global.
/// </summary>
[ApiModule(typeof(RoleModule))]
public sealed class PermissionFunctions(EntityEndpoints endpoints, PrincipalGrants grants, JsonBody json)
{
    [Function("Permissions_Check")]
    [ApiOperation(ApiOperation.Custom, Summary = "Whether a principal holds a capability, everywhere or in a context, and through which roles",
        Part = PlatformComponents.PermissionCheckRequest, Response = PlatformComponents.PermissionCheck, Capability = Capabilities.RoleRead)]
    public Task<IActionResult> Check([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = EntityEndpoints.ApiRoot + "/permissions/check")] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.RunAsync(RoleModule.Definition, request, Capabilities.Read(RoleModule.Definition), async actor =>
        {
            var fields = new PlatformBody(await json.ReadObjectAsync(request, cancellationToken), "principal", "capability", "context_id");
            var principal = fields.Text("principal", required: true)!;
            var capability = fields.Text("capability", required: true);
            var contextId = fields.Id("context_id", required: false);
            if (capability is not null && !Capabilities.All.Contains(capability))
            {
                fields.Reject("capability", $"must be one of: {string.Join(", ", Capabilities.All)}");
            }

            fields.ThrowIfInvalid();
            // What another principal holds is a map of whom to take over: that takes a global role:read.
            if (principal != actor.Principal)
            {
                actor.Scope.Require(null);
            }

            var granting = (await grants.OfAsync(principal, cancellationToken)).Granting(capability!, contextId).ToList();
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["principal"] = principal,
                ["capability"] = capability,
                ["context_id"] = contextId?.ToString(),
                ["allowed"] = granting.Count > 0,
                ["granted_by"] = new JsonArray([.. granting.Select(g => (JsonNode)new JsonObject
                {
                    ["role_id"] = g.RoleId?.ToString(),
                    ["name"] = g.RoleName,
                    ["context_id"] = g.ContextId?.ToString(),
                })]),
            });
        });
}
