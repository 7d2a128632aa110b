using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mplp.Testing;

/// <summary>
/// A local signing key of one test host and the bearer tokens it accepts, the way a development
/// installation issues them (issuer <c>mplp-local</c>, audience <c>mplp</c>, HS256).
/// </summary>
public sealed class TestTokens
{
    /// <summary>The principal the host's configuration makes an administrator.</summary>
    public const string Admin = "test-admin";

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>What the dev host needs to accept these tokens and to know the administrator.</summary>
    public IEnumerable<KeyValuePair<string, string>> HostSettings =>
    [
        new("Mplp__Auth__SigningKey", SigningKey),
        new("Mplp__Auth__Admins__0", Admin),
    ];

    public string For(string principal, TimeSpan? lifetime = null, string issuer = "mplp-local", string audience = "mplp", string? signingKey = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", principal)]),
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(signingKey ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
