using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mplp.DevHost.Tests.Hosting;

namespace Mplp.DevHost.Tests.Http;

/// <summary>HTTP functions of the fixture through the dev host: routes, bindings, results and failures.</summary>
[Collection(FixtureHostCollection.Name)]
public sealed class HttpFunctionEndpointsTests(FixtureHostFixture fixture)
{
    private HttpClient Http => fixture.Api.Http;

    [Fact(Timeout = 30_000)]
    public async Task GetItem_GuidRouteAndQuery_BindsRouteValueAndUsesAppServices()
    {
        var id = Guid.NewGuid();

        var body = await Http.GetFromJsonAsync<JsonElement>($"api/items/{id}?name=Ann");

        Assert.Equal(id, body.GetProperty("id").GetGuid());
        Assert.Equal("Hello, Ann!", body.GetProperty("greeting").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task GetItem_ConstraintNotMet_Returns404WithoutRunningTheFunction()
    {
        using var response = await Http.GetAsync("api/items/not-a-guid");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-DevHost-Function"));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("api/pages", 1)]
    [InlineData("api/pages/7", 7)]
    public async Task GetPage_OptionalRouteValue_ReturnsObjectAsCamelCaseJson(string path, int expected)
    {
        var body = await Http.GetFromJsonAsync<JsonElement>(path);

        Assert.Equal(expected, body.GetProperty("number").GetInt32());
        Assert.Equal(10, body.GetProperty("size").GetInt32());
    }

    [Fact(Timeout = 30_000)]
    public async Task Echo_PostAndPut_ReturnTheBodyButGetIsNotAllowed()
    {
        using var post = await Http.PostAsJsonAsync("api/echo", new { text = "hi" });
        using var put = await Http.PutAsJsonAsync("api/echo", new { text = "there" });
        using var get = await Http.GetAsync("api/echo");

        Assert.Equal("""{"text":"hi"}""", await post.Content.ReadAsStringAsync());
        Assert.Equal("""{"text":"there"}""", await put.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Ping_StaticFunctionReturningString_WritesText()
    {
        using var response = await Http.GetAsync("api/ping");

        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task WhoAmI_NoRoute_ServedAtFunctionNameWithFunctionContext()
    {
        var body = await Http.GetFromJsonAsync<JsonElement>("api/WhoAmI");

        Assert.Equal("WhoAmI", body.GetProperty("function").GetString());
        Assert.True(body.GetProperty("sameRequest").GetBoolean());
    }

    [Fact(Timeout = 30_000)]
    public async Task Fail_UnhandledException_Returns500AndLogsIt()
    {
        using var response = await Http.GetAsync("api/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await fixture.Host.WaitForOutputAsync("Fail failed on GET /api/fail", TimeSpan.FromSeconds(10), CancellationToken.None);
    }
}
