using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Configuration;
using Mplp.Core.Errors;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.Http.Auth;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Mcp;

/// <summary>
/// The MCP server at <c>/mcp</c> (Streamable HTTP, stateless: POST only, no session to resume or end)
/// for callers authenticated as the API authenticates them, and the OAuth protected resource metadata
/// (RFC 9728) that tells an MCP client where to get a token.
/// </summary>
public sealed class McpFunctions(
    HttpEndpoint endpoint, Authenticator authenticator, PrincipalGrants grants, ModuleGate gate, McpExchanges exchanges, IOptions<AuthOptions> auth, IOptions<PublicUrlOptions> urls)
{
    public const string Route = "mcp";
    public const string MetadataRoute = ".well-known/oauth-protected-resource";

    [Function("Mcp")]
    [ApiOperation(ApiOperation.Mcp)]
    public Task<IActionResult> Serve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            string principal;
            try
            {
                principal = await authenticator.PrincipalOfAsync(request);
            }
            catch (ProblemException e) when (e.Problem.Status == StatusCodes.Status401Unauthorized)
            {
                // RFC 9728: the challenge points an MCP client at the metadata naming the authority.
                return ApiResponse.Problem(e.Problem, request.Path).WithHeader("WWW-Authenticate", $"Bearer resource_metadata=\"{UrlOf(request, "/" + MetadataRoute)}\"");
            }

            return exchanges.Answer(new McpCaller(principal, await grants.OfAsync(principal, cancellationToken), gate, client));
        });

    /// <summary>Anonymous, as RFC 9728 wants: the resource, and the OIDC authority whose tokens it takes (none when only local tokens and API keys are).</summary>
    [Function("Mcp_ProtectedResource")]
    [ApiOperation(ApiOperation.ProtectedResourceMetadata)]
    public Task<IActionResult> ProtectedResource([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = MetadataRoute)] HttpRequest request)
        => endpoint.RunAsync(request, () =>
        {
            var metadata = new JsonObject
            {
                ["resource"] = UrlOf(request, "/" + Route),
                ["bearer_methods_supported"] = new JsonArray("header"),
                ["resource_name"] = "MPLP Functions",
            };
            if (auth.Value.Authority is { Length: > 0 } authority)
            {
                metadata["authorization_servers"] = new JsonArray(authority);
            }

            return Task.FromResult<IActionResult>(ApiResponse.Json(StatusCodes.Status200OK, metadata));
        });

    private string UrlOf(HttpRequest request, string path)
        => urls.Value.Absolute(path) ?? $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
}
