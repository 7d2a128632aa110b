using System.Net;

namespace Mplp.Functions.Tests.Modules.Networks;

/// <summary>A network holds at most <c>Mplp:Limits:MaxNetworkNodes</c> nodes (here 3).</summary>
[Collection(LimitsFixture.Collection)]
public sealed class NetworkLimitTests(LimitsFixture api)
{
    [Fact(Timeout = 60_000)]
    public async Task AddNode_ToAFullNetwork_Returns409ListFullAndAddsNothing()
    {
        var (id, client) = await NewFullNetworkAsync();

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes", new { name = "extra", kind = "agent" }, client: client);

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.Conflict, "LIST_FULL", "/nodes");
        var (_, network) = await api.SendAsync(HttpMethod.Get, $"/api/v1/networks/{id}", client: client);
        Assert.Equal(LimitsFixture.SmallCap, network["nodes"]!.AsArray().Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Nodes_OfAFullNetwork_StillChangeAndMakeRoom()
    {
        var (id, client) = await NewFullNetworkAsync();
        var (_, network) = await api.SendAsync(HttpMethod.Get, $"/api/v1/networks/{id}", client: client);
        var nodeId = network["nodes"]![0]!["node_id"]!.GetValue<string>();

        var (updated, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/networks/{id}/nodes/{nodeId}", new { status = "degraded" }, client: client);
        var (removed, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/networks/{id}/nodes/{nodeId}", client: client);
        var (added, after) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes", new { name = "replacement", kind = "agent" }, client: client);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(LimitsFixture.SmallCap, after["nodes"]!.AsArray().Count);
    }

    /// <summary>A network at its node cap, and a client holding only the network capabilities in its context.</summary>
    private async Task<(string Id, HttpClient Client)> NewFullNetworkAsync()
    {
        var (context, client) = await api.ContextAndClientAsync("network:write", "network:read");
        var (created, network) = await api.SendAsync(HttpMethod.Post, "/api/v1/networks", new { context_id = context, name = "fleet", topology_type = "hub_spoke", status = "active" }, client: client);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = network["network_id"]!.GetValue<string>();
        for (var i = 0; i < LimitsFixture.SmallCap; i++)
        {
            var (added, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes", new { name = $"node{i}", kind = "agent" }, client: client);
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        return (id, client);
    }
}
