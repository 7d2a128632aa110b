using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Mplp.Core.Access;
using Mplp.Core.Errors;

namespace Mplp.Functions.Http.Auth;

/// <summary>
/// Validates bearer JWTs: tokens of the local issuer with the local signing key, every other token
/// against the OIDC authority (issuer and keys from its discovery document, refreshed as it rotates
/// them). The principal is the token's <c>oid</c> (Entra ID's stable object id) or else its <c>sub</c>.
/// </summary>
public sealed class BearerTokens
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly string _localIssuer;
    private readonly TokenValidationParameters? _local;
    private readonly TokenValidationParameters? _authority;

    public BearerTokens(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        _localIssuer = auth.LocalIssuer;
        if (auth.SigningKey is { Length: > 0 } key)
        {
            _local = new TokenValidationParameters
            {
                ValidIssuer = auth.LocalIssuer,
                ValidAudience = auth.Audience,
                IssuerSigningKey = LocalSigningKey(key),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = ClockSkew,
            };
        }

        if (auth.Authority is { Length: > 0 } authority)
        {
            var metadata = authority.TrimEnd('/') + "/.well-known/openid-configuration";
            var retriever = new HttpDocumentRetriever { RequireHttps = auth.RequireHttpsMetadata };
            _authority = new TokenValidationParameters
            {
                ValidAudience = auth.Audience,
                ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(metadata, new OpenIdConnectConfigurationRetriever(), retriever),
                ClockSkew = ClockSkew,
            };
        }
    }

    /// <summary>A base64 key of at least 256 bits, as HMAC-SHA256 requires.</summary>
    public static SymmetricSecurityKey LocalSigningKey(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return bytes.Length >= 32
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey must be at least 32 bytes (base64).");
    }

    public async Task<string> PrincipalOfAsync(string token)
    {
        string? issuer;
        try
        {
            issuer = _handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            throw Problems.Unauthenticated("The bearer token is not a JWT.");
        }

        var parameters = issuer == _localIssuer && _local is not null ? _local : _authority
            ?? throw Problems.Unauthenticated($"Tokens of issuer '{issuer}' are not accepted here.");
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            throw Problems.Unauthenticated($"The bearer token was refused: {Reason(result.Exception)}.");
        }

        var claims = result.Claims;
        return (claims.TryGetValue("oid", out var oid) ? oid : claims.TryGetValue("sub", out var sub) ? sub : null) is string { Length: > 0 } principal
            ? principal
            : throw Problems.Unauthenticated("The bearer token names no principal (no oid or sub claim).");
    }

    // IdentityModel's messages hide details by default; the kind of failure is what a client can act on.
    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "it has expired",
        SecurityTokenNotYetValidException => "it is not valid yet",
        SecurityTokenInvalidAudienceException => "it is for another audience",
        SecurityTokenInvalidIssuerException => "its issuer is not trusted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not verify",
        SecurityTokenInvalidAlgorithmException => "its signing algorithm is not accepted",
        _ => "it is not valid",
    };
}
