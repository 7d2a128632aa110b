using System.Net;

namespace Mplp.Functions.Tests.Modules.Networks;

/// <summary>The Network module knows its region among the deployment's regions (Mplp:Network:Region, :Regions).</summary>
[Collection(DeploymentFixture.Collection)]
public sealed class RegionsApiTests(DeploymentFixture api)
{
    [Fact(Timeout = 30_000)]
    public async Task Regions_MultiRegionConfiguration_AnswersItsRegionThePrimaryAndItsPeers()
    {
        var (response, regions) = await api.SendAsync(HttpMethod.Get, "/api/v1/regions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(regions["multi_region"]!.GetValue<bool>());
        Assert.Equal("eu-west-1", regions["region"]!.GetValue<string>());
        Assert.False(regions["primary"]!.GetValue<bool>());
        Assert.Equal("us-east-1", regions["primary_region"]!.GetValue<string>());
        var peers = regions["peers"]!.AsArray().Select(p => (p!["name"]!.GetValue<string>(), p["primary"]!.GetValue<bool>(), p["replicas"]!.GetValue<int>()));
        Assert.Equal(new[] { ("us-east-1", true, 3), ("ap-southeast-1", false, 2) }, peers);
        Assert.True(regions["cross_region_replication"]!.GetValue<bool>());
        Assert.True(regions["latency_optimization"]!.GetValue<bool>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Regions_WithoutNetworkRead_Answers403()
    {
        using var client = await api.ClientHoldingAsync(["context:read"]);

        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/regions", client: client);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("network:read", problem["required_capability"]!.GetValue<string>());
    }
}
