using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Networks;

public sealed class NetworkApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Regions_NoMultiRegionConfiguration_AnswersASingleRegionThatIsItsOwnPrimary()
    {
        var (response, regions) = await api.SendAsync(HttpMethod.Get, "/api/v1/regions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(regions["multi_region"]!.GetValue<bool>());
        Assert.Null(regions["region"]);
        Assert.True(regions["primary"]!.GetValue<bool>());
        Assert.Empty(regions["peers"]!.AsArray());
        Assert.False(regions["cross_region_replication"]!.GetValue<bool>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Nodes_AddUpdateRemove_ChangeTheNetwork()
    {
        var id = await NewNetworkAsync();

        var (added, withNode) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes", new { name = "builder", kind = "agent" });
        var nodeId = withNode["nodes"]![0]!["node_id"]!.GetValue<string>();
        var (updated, degraded) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/networks/{id}/nodes/{nodeId}", new { status = "degraded" });
        var (removed, empty) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/networks/{id}/nodes/{nodeId}");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("active", withNode["nodes"]![0]!["status"]!.GetValue<string>());
        ApiFixture.AssertValid("network", withNode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("degraded", degraded["nodes"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty(empty["nodes"]!.AsArray());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("POST", "/nodes", """{"kind":"robot"}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED")]
    [InlineData("PATCH", "/nodes/{node}", """{"node_id":"11111111-1111-4111-8111-111111111111"}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED")]
    [InlineData("PATCH", "/nodes/{node}", """{"status":"sleeping"}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED")]
    [InlineData("DELETE", "/nodes/22222222-2222-4222-8222-222222222222", null, HttpStatusCode.NotFound, "NODE_NOT_FOUND")]
    [InlineData("POST", "/nodes/not-a-node/heartbeat", null, HttpStatusCode.NotFound, "NODE_NOT_FOUND")]
    [InlineData("PATCH", "", """{"nodes":[]}""", HttpStatusCode.BadRequest, "VALIDATION_FAILED")]
    public async Task BadNodeRequests_AreRefusedAndChangeNothing(string method, string path, string? body, HttpStatusCode expected, string code)
    {
        var id = await NewNetworkAsync();
        var (_, network) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes", new { kind = "service" });
        var node = network["nodes"]![0]!["node_id"]!.GetValue<string>();

        var (response, problem) = await api.SendAsync(new HttpMethod(method), $"/api/v1/networks/{id}{path.Replace("{node}", node, StringComparison.Ordinal)}", body);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        var (_, after) = await api.SendAsync(HttpMethod.Get, $"/api/v1/networks/{id}");
        Assert.True(JsonNode.DeepEquals(network, after));
    }

    [Fact(Timeout = 30_000)]
    public async Task Heartbeat_KnownNode_Returns204()
    {
        var id = await NewNetworkAsync();
        var (_, network) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes", new { kind = "agent" });

        var (response, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes/{network["nodes"]![0]!["node_id"]}/heartbeat");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<string> NewNetworkAsync()
    {
        var (response, network) = await api.SendAsync(HttpMethod.Post, "/api/v1/networks", new { context_id = await api.NewContextAsync(), name = "fleet", topology_type = "hub_spoke", status = "active" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        ApiFixture.AssertValid("network", network);
        return network["network_id"]!.GetValue<string>();
    }
}
