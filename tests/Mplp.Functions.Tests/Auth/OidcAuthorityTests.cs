using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mplp.Functions.Tests.Auth;

/// <summary>
/// Tokens of an OIDC authority (as Entra ID issues them): the host reads the authority's discovery
/// document and keys over HTTP, here from a small authority served by the test.
/// </summary>
public sealed class OidcAuthorityTests(OidcAuthorityTests.Fixture api) : IClassFixture<OidcAuthorityTests.Fixture>
{
    private const string AdminObjectId = "5f0c1d9e-oidc-admin";

    [Fact(Timeout = 30_000)]
    public async Task AuthorityToken_IsAccepted_AndItsOidIsThePrincipal()
    {
        using var client = api.NewClient(api.Authority.Token(AdminObjectId));

        var (response, context) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" } }, client: client);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(AdminObjectId, context["meta"]!["created_by"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task AuthorityToken_ForAnotherAudience_Returns401()
    {
        using var client = api.NewClient(api.Authority.Token(AdminObjectId, audience: "api://other"));

        var (response, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: client);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task TokenClaimingTheAuthority_SignedWithAnotherKey_Returns401()
    {
        using var forger = new Authority(api.Authority.Url);
        using var client = api.NewClient(forger.Token(AdminObjectId));

        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts", client: client);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task LocalTokens_StillWork_BesideTheAuthority()
    {
        var (response, _) = await api.SendAsync(HttpMethod.Get, "/api/v1/contexts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The API configured with the test's authority and its administrator.</summary>
    public sealed class Fixture : ApiFixture
    {
        public Authority Authority { get; } = Authority.Start();

        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [
            new("Mplp__Auth__Authority", Authority.Url),
            new("Mplp__Auth__RequireHttpsMetadata", "false"),
            new("Mplp__Auth__Admins__1", AdminObjectId),
        ];

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Authority.Dispose();
        }
    }

    /// <summary>A minimal OIDC authority: a discovery document and one RSA signing key.</summary>
    public sealed class Authority : IDisposable
    {
        private readonly RSA _rsa = RSA.Create(2048);
        private readonly string _keyId = Guid.NewGuid().ToString("N");
        private readonly HttpListener? _listener;

        public Authority(string url, bool serve = false)
        {
            Url = url;
            if (serve)
            {
                _listener = new HttpListener();
                _listener.Prefixes.Add(url + "/");
                _listener.Start();
                _ = ServeAsync(_listener);
            }
        }

        public string Url { get; }

        public static Authority Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new Authority($"http://127.0.0.1:{port}", serve: true);
        }

        public string Token(string objectId, string audience = "mplp") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Url,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("oid", objectId), new Claim("sub", "pairwise-" + objectId)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256),
        });

        public void Dispose()
        {
            _listener?.Close();
            _rsa.Dispose();
        }

        private async Task ServeAsync(HttpListener listener)
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var body = context.Request.Url!.AbsolutePath switch
                {
                    "/.well-known/openid-configuration" => new JsonObject { ["issuer"] = Url, ["jwks_uri"] = Url + "/keys" },
                    "/keys" => Keys(),
                    _ => null,
                };
                context.Response.StatusCode = body is null ? 404 : 200;
                context.Response.ContentType = "application/json";
                var bytes = Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "{}");
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        private JsonObject Keys()
        {
            var parameters = _rsa.ExportParameters(includePrivateParameters: false);
            return new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = _keyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                }),
            };
        }
    }
}
