using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mplp.Core.Modules.Roles;

namespace Mplp.Functions.Tests.Auth;

/// <summary>
/// Walks every operation of the OpenAPI document (which the OpenAPI tests hold to functions.metadata):
/// without credentials it is 401; for a caller holding every capability but the one the operation
/// names it is 403; a caller lacking some other capability gets past authorization. An operation
/// with no capability is open to anonymous callers, or, where it names security, to any principal.
/// </summary>
public sealed partial class RouteAccessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 180_000)]
    public async Task EveryRoute_RefusesCallersWithoutItsCapability()
    {
        var routes = await RoutesAsync();
        var capabilities = routes.Where(r => r.Capability is not null).Select(r => r.Capability!).Distinct().ToList();
        Assert.Contains(Capabilities.PlanApprove, capabilities);
        Assert.Contains(Capabilities.ConfirmDecide, capabilities);
        var lacking = new Dictionary<string, HttpClient>();
        foreach (var capability in capabilities)
        {
            lacking[capability] = await api.ClientHoldingAsync(Capabilities.All.Where(c => c != capability));
        }

        using var anonymous = api.NewClient(bearerToken: null);
        var failures = new List<string>();
        foreach (var route in routes)
        {
            var (status, _) = await CallAsync(anonymous, route);
            if (route.Capability is not { } capability)
            {
                if (route.Authenticated)
                {
                    // Any principal, no capability of its own (the MCP server: each tool checks its twin's).
                    Expect(status == HttpStatusCode.Unauthorized, route, $"without credentials: {status}, expected 401");
                    var (answered, _) = await CallAsync(lacking[capabilities[0]], route);
                    Expect(answered is not HttpStatusCode.Forbidden and not HttpStatusCode.Unauthorized, route, $"an authenticated caller: {answered}");
                }
                else
                {
                    Expect(status != HttpStatusCode.Unauthorized && status != HttpStatusCode.Forbidden, route, $"anonymous route answered {status}");
                }

                continue;
            }

            Expect(status == HttpStatusCode.Unauthorized, route, $"without credentials: {status}, expected 401");
            var (refused, problem) = await CallAsync(lacking[capability], route);
            Expect(refused == HttpStatusCode.Forbidden && problem?["required_capability"]?.GetValue<string>() == capability, route,
                $"lacking {capability}: {refused} {problem?["required_capability"]}, expected 403 naming it");
            var other = capabilities.First(c => c != capability);
            var (allowed, _) = await CallAsync(lacking[other], route);
            Expect(allowed is not HttpStatusCode.Forbidden and not HttpStatusCode.Unauthorized, route, $"lacking only {other}: {allowed}");
        }

        foreach (var client in lacking.Values)
        {
            client.Dispose();
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        void Expect(bool condition, Route route, string message)
        {
            if (!condition)
            {
                failures.Add($"{route.Method} {route.Path}: {message}");
            }
        }
    }

    private async Task<IReadOnlyList<Route>> RoutesAsync()
    {
        using var anonymous = api.NewClient(bearerToken: null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)))!;
        var routes = new List<Route>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                // An anonymous operation says so with an empty security list.
                var authenticated = operation!["security"] is not JsonArray { Count: 0 };
                routes.Add(new Route(method.ToUpperInvariant(), path, operation["x-mplp-capability"]?.GetValue<string>(), authenticated));
            }
        }

        Assert.True(routes.Count > 60, $"only {routes.Count} routes in the document");
        return routes;
    }

    private static async Task<(HttpStatusCode Status, JsonObject? Problem)> CallAsync(HttpClient client, Route route)
    {
        // Any id will do: authorization comes before the object is looked up.
        var path = PathParameter().Replace(route.Path, _ => Guid.NewGuid().ToString());
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PATCH" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(text)!.AsObject() : null;
        return (response.StatusCode, problem);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();

    private sealed record Route(string Method, string Path, string? Capability, bool Authenticated);
}
