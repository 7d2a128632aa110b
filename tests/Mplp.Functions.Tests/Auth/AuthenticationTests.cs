using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Auth;

/// <summary>Who may call at all: bearer tokens of the local key, API keys, nothing else.</summary>
public sealed class AuthenticationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task NoCredentials_Returns401WithChallenge()
    {
        using var anonymous = api.NewClient(bearerToken: null);

        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHENTICATED", problem["code"]!.GetValue<string>());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("not-a-jwt", "not a JWT")]
    [InlineData("expired", "expired")]
    [InlineData("audience", "audience")]
    [InlineData("issuer", "not accepted")]
    [InlineData("signature", "signature")]
    public async Task BadBearerToken_Returns401SayingWhy(string defect, string reason)
    {
        var token = defect switch
        {
            "expired" => api.Tokens.For(TestTokens.Admin, lifetime: TimeSpan.FromMinutes(-10)),
            "audience" => api.Tokens.For(TestTokens.Admin, audience: "someone-else"),
            "issuer" => api.Tokens.For(TestTokens.Admin, issuer: "https://evil.example"),
            "signature" => api.Tokens.For(TestTokens.Admin, signingKey: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            _ => defect,
        };
        using var client = api.NewClient(token);

        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: client);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task TokenPrintedByTheMplpScript_IsAccepted()
    {
        var start = new ProcessStartInfo("bash", [OpenApi.TestFiles.MplpScript, "token", TestTokens.Admin, "1"]) { RedirectStandardOutput = true };
        start.Environment["Mplp__Auth__SigningKey"] = api.Tokens.SigningKey;
        using var script = Process.Start(start)!;
        var token = (await script.StandardOutput.ReadToEndAsync()).Trim();
        await script.WaitForExitAsync();
        using var client = api.NewClient(token);

        var (response, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/core", client: client);

        Assert.Equal(0, script.ExitCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnonymousRoutes_NeedNoCredentials()
    {
        using var anonymous = api.NewClient(bearerToken: null);

        foreach (var path in new[] { "/health", "/ready", "/api/v1/plan/health", "/api/v1/openapi.json", "/api/v1/docs" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task ApiKey_ActsAsItsPrincipal_UntilRevoked()
    {
        var (_, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = "reader", capabilities = new[] { "context:read" } });
        await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "agent-key" });

        var (issued, key) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = "agent-key", name = "ci agent" });
        using var agent = api.NewClient(bearerToken: null);
        agent.DefaultRequestHeaders.Add("X-Api-Key", key["key"]!.GetValue<string>());
        var (read, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: agent);
        var (write, refused) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" } }, client: agent);
        var (_, listed) = await api.SendAsync(HttpMethod.Get, "/api/v1/api-keys?limit=200");
        var (revoked, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/api-keys/{key["api_key_id"]}");
        var (afterRevoke, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: agent);

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.StartsWith("mplp_", key["key"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("context:write", refused["required_capability"]!.GetValue<string>());
        var stored = listed["items"]!.AsArray().Single(k => k!["api_key_id"]!.ToString() == key["api_key_id"]!.ToString())!.AsObject();
        Assert.False(stored.ContainsKey("key"));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("mplp_nothing")]
    [InlineData("mplp_0123456789abcdef0123456789abcdef_AAAA")]
    [InlineData("")]
    public async Task UnknownApiKey_Returns401(string key)
    {
        using var agent = api.NewClient(bearerToken: null);
        agent.DefaultRequestHeaders.Add("X-Api-Key", key);

        var (response, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: agent);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task ApiKey_WithWrongSecret_Returns401()
    {
        // Not for TestTokens.Admin: no key is issued for an administrator of the configuration.
        var (_, key) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", new { principal = "wrong-secret-agent" });
        var genuine = key["key"]!.GetValue<string>();
        using var agent = api.NewClient(bearerToken: null);
        agent.DefaultRequestHeaders.Add("X-Api-Key", genuine[..^4] + (genuine.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        var (response, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: agent);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"name":"x"}""", "/principal")]
    [InlineData("""{"principal":"p","expires_at":"2001-01-01T00:00:00Z"}""", "/expires_at")]
    [InlineData("""{"principal":"p","expires_at":"soon"}""", "/expires_at")]
    public async Task IssueApiKey_BadBody_Returns400(string body, string path)
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/api-keys", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(path, problem["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Changes_RecordTheCallingPrincipal()
    {
        using var writer = await api.ClientHoldingAsync(["context:write"]);
        var principal = ApiFixture.PrincipalOf(writer);

        var (_, context) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" } }, client: writer);

        Assert.Equal(principal, context["meta"]!["created_by"]!.GetValue<string>());
    }
}
