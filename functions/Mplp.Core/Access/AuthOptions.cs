namespace Mplp.Core.Access;

/// <summary>
/// Configuration section <c>Mplp:Auth</c>. Bearer tokens are accepted from an OIDC authority
/// (<see cref="Authority"/>, e.g. Entra ID), from a local signing key (<see cref="SigningKey"/>,
/// for development), or both; agents may use API keys instead. Without either token source every
/// request needs an API key, and since only an administrator can issue one, nothing is open.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Mplp:Auth";

    /// <summary>OIDC issuer URL; its discovery document gives the issuer and the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string Audience { get; set; } = "mplp";

    /// <summary>Refuse discovery documents over plain http (turn off only for a local test authority).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Base64 HMAC-SHA256 key (at least 32 bytes) for locally issued tokens; keep it in Key Vault or an environment variable.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>iss</c> of locally issued tokens.</summary>
    public string LocalIssuer { get; set; } = "mplp-local";

    /// <summary>Principals that hold every capability without a role: how an installation gets its first administrator.</summary>
    public IList<string> Admins { get; set; } = [];

    /// <summary>
    /// The longest an API key may live: a key issued without <c>expires_at</c> expires after this,
    /// and a later <c>expires_at</c> is refused. (Keys issued before this limit existed keep theirs.)
    /// </summary>
    public TimeSpan ApiKeyMaxLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long an instance reuses a principal's role assignments before reading them again.</summary>
    public TimeSpan GrantsFreshness { get; set; } = TimeSpan.FromSeconds(2);
}
