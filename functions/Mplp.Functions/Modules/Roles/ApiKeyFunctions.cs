using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Roles;

/// <summary>API keys for agents (sent as <c>X-Api-Key</c>): issue (the key is shown once), list, revoke. All need a global <c>role:keys</c>.</summary>
[ApiModule(typeof(RoleModule))]
public sealed class ApiKeyFunctions(EntityEndpoints endpoints, ApiKeys keys, JsonBody json)
{
    private const string Collection = EntityEndpoints.ApiRoot + "/api-keys";

    [Function("ApiKeys_Issue")]
    [ApiOperation(ApiOperation.Custom, Status = 201, Summary = "Issue an API key for a principal; the answer holds the key, shown only this once",
        Part = PlatformComponents.ApiKeyRequest, Response = PlatformComponents.IssuedApiKey, Capability = Capabilities.RoleKeys,
        Problems = [ProblemCodes.AdminKeyForbidden, ProblemCodes.EscalationForbidden, ProblemCodes.ApiKeyLifetimeExceeded])]
    public Task<IActionResult> Issue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.RunAsync(RoleModule.Definition, request, Capabilities.RoleKeys, async actor =>
        {
            var issued = await keys.IssueAsync(await json.ReadObjectAsync(request, cancellationToken), actor, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status201Created, issued)
                .WithHeader("Location", $"/{Collection}/{issued["api_key_id"]}")
                .WithHeader("Cache-Control", "no-store");
        });

    [Function("ApiKeys_List")]
    [ApiOperation(ApiOperation.ListItems, Summary = "List API keys (never their secrets)", Part = PlatformComponents.ApiKey, Capability = Capabilities.RoleKeys)]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.RunAsync(RoleModule.Definition, request, Capabilities.RoleKeys, async actor =>
        {
            var page = await keys.ListAsync(ListQueries.Parse(request.Query).Page, actor, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["items"] = new JsonArray([.. page.Items]),
                ["next_cursor"] = page.NextCursor,
            });
        });

    [Function("ApiKeys_Revoke")]
    [ApiOperation(ApiOperation.Custom, Status = 204, Summary = "Revoke an API key at once", Capability = Capabilities.RoleKeys)]
    public Task<IActionResult> Revoke([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Collection + "/{apiKeyId}")] HttpRequest request, string apiKeyId, CancellationToken cancellationToken)
        => endpoints.RunAsync(RoleModule.Definition, request, Capabilities.RoleKeys, async actor =>
        {
            await keys.RevokeAsync(RouteIds.Parse("api_key", apiKeyId), actor, cancellationToken);
            return ApiResponse.NoContent();
        });
}
