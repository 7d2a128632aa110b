using Microsoft.AspNetCore.Http;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Roles;

namespace Mplp.Functions.Http.Auth;

/// <summary>Who is calling: an API key (<c>X-Api-Key</c>) or a bearer token (<c>Authorization: Bearer</c>); 401 otherwise.</summary>
public sealed class Authenticator(BearerTokens tokens, ApiKeys keys)
{
    public const string ApiKeyHeader = "X-Api-Key";
    private const string BearerScheme = "Bearer ";

    public async Task<string> PrincipalOfAsync(HttpRequest request)
    {
        if (request.Headers.TryGetValue(ApiKeyHeader, out var apiKey))
        {
            return await keys.VerifyAsync(apiKey.ToString(), request.HttpContext.RequestAborted)
                ?? throw Problems.Unauthenticated("The API key is not valid (unknown, revoked or expired).");
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return await tokens.PrincipalOfAsync(authorization[BearerScheme.Length..].Trim());
        }

        throw Problems.Unauthenticated($"Send a bearer token (Authorization: Bearer ...) or an API key ({ApiKeyHeader}).");
    }
}
