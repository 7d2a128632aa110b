using System.Net;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Health;

public sealed class HealthApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory(Timeout = 30_000)]
    [InlineData("/health")]
    [InlineData("/ready")]
    [InlineData("/api/v1/context/health")]
    [InlineData("/api/v1/plan/health")]
    [InlineData("/api/v1/extension/health")]
    [InlineData("/api/v1/dialog/health")]
    [InlineData("/api/v1/collab/health")]
    [InlineData("/api/v1/trace/health")]
    [InlineData("/api/v1/confirm/health")]
    [InlineData("/api/v1/core/health")]
    [InlineData("/api/v1/network/health")]
    [InlineData("/api/v1/role/health")]
    public async Task Get_WithDatabaseAndStorageUp_Returns200(string path)
    {
        var (response, _) = await api.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task ModuleHealth_UnknownModule_Returns404Problem()
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/nothing/health");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_NotEnabled_Returns404Problem()
    {
        using var anonymous = api.NewClient(bearerToken: null);

        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/metrics", client: anonymous);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 90_000)]
    public async Task DatabaseUnreachable_ReadyAndApiAnswer503_LivenessStays200()
    {
        var tokens = new TestTokens();
        await using var host = await DevHostProcess.StartAsync(
            new Dictionary<string, string>
            {
                // Port 9 (discard) has no PostgreSQL behind it.
                [TestEnvironment.PostgresVariable] = "Host=127.0.0.1;Port=9;Username=mplp;Database=mplp;Timeout=2",
                ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString,
            }.Concat(tokens.HostSettings).ToDictionary(),
            CancellationToken.None);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.For(TestTokens.Admin));

        using var ready = await client.GetAsync(new Uri("/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var list = await client.GetAsync(new Uri("/api/v1/contexts", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType!.MediaType);
    }
}
