using System.Net;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Modules.Roles;

/// <summary>Who may hold API keys, and for how long: keys act everywhere, so they need a global grant.</summary>
public sealed class ApiKeyRulesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task KeyEndpoints_WithContextScopedRoleKeys_Return403()
    {
        var context = await api.NewContextAsync();
        using var scoped = await api.ClientHoldingAsync([Capabilities.RoleKeys], context);
        var (_, existing) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = TestEnvironment.UniqueName("agent") });

        var (issued, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = TestEnvironment.UniqueName("agent") }, client: scoped);
        var (listed, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/api-keys", client: scoped);
        var (revoked, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/api-keys/{existing["api_key_id"]}", client: scoped);
        var (_, page) = await api.SendAsync(HttpMethod.Get, "/api/v1/api-keys?limit=200");

        Assert.Equal(HttpStatusCode.Forbidden, issued.StatusCode);
        Assert.Equal("role:keys", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
        var stored = page["items"]!.AsArray().Single(k => k!["api_key_id"]!.ToString() == existing["api_key_id"]!.ToString())!;
        Assert.Null(stored["revoked_at"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Issue_ForAConfiguredAdministrator_Returns403EvenToAnAdministrator()
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = TestTokens.Admin });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ADMIN_KEY_FORBIDDEN", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Issue_ForAPrincipalHoldingMoreThanTheIssuer_Returns403_HoldingLess_Returns201()
    {
        using var issuer = await api.ClientHoldingAsync([Capabilities.RoleKeys, "context:read"]);
        using var stronger = await api.ClientHoldingAsync(["context:read", "plan:write"]);
        using var weaker = await api.ClientHoldingAsync(["context:read"]);

        var (refused, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = ApiFixture.PrincipalOf(stronger) }, client: issuer);
        var (issued, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = ApiFixture.PrincipalOf(weaker) }, client: issuer);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ESCALATION_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal("plan:write", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Issue_WithoutExpiry_ExpiresAfterTheMaximumLifetime()
    {
        var before = DateTimeOffset.UtcNow;

        var (response, key) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = TestEnvironment.UniqueName("agent") });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var expiresAt = DateTimeOffset.Parse(key["expires_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, before.AddDays(90).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(90).AddMinutes(1));
    }

    [Fact(Timeout = 30_000)]
    public async Task Issue_BeyondTheMaximumLifetime_Returns422AtExpiresAt_WithinIt_Returns201()
    {
        var tooLate = MplpTime.Format(DateTimeOffset.UtcNow.AddDays(91));
        var inTime = MplpTime.Format(DateTimeOffset.UtcNow.AddDays(30));

        var (refused, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = TestEnvironment.UniqueName("agent"), expires_at = tooLate });
        var (issued, key) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = TestEnvironment.UniqueName("agent"), expires_at = inTime });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("API_KEY_LIFETIME_EXCEEDED", problem["code"]!.GetValue<string>());
        Assert.Equal("/expires_at", problem["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal(inTime, key["expires_at"]!.GetValue<string>());
    }
}
