using System.Net;

namespace Mplp.Functions.Tests.Modules.Networks;

/// <summary>The timer function marks silent nodes unreachable; a heartbeat brings them back.</summary>
public sealed class NetworkSweepTests(NetworkSweepTests.FastHeartbeatFixture api) : IClassFixture<NetworkSweepTests.FastHeartbeatFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task SilentNode_BecomesUnreachable_ThenActiveOnHeartbeat()
    {
        var (_, network) = await api.SendAsync(HttpMethod.Post, "/api/v1/networks", new { context_id = await api.NewContextAsync(), name = "fleet", topology_type = "mesh" });
        var id = network["network_id"]!.GetValue<string>();
        var (_, withNodes) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes", new { kind = "agent", name = "talks" });
        (_, withNodes) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes", new { kind = "agent", name = "never-talks" });
        var talker = withNodes["nodes"]![0]!["node_id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes/{talker}/heartbeat");

        var unreachable = await WaitForStatusAsync(id, talker, "unreachable");
        var (beat, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/networks/{id}/nodes/{talker}/heartbeat");
        var (_, after) = await api.SendAsync(HttpMethod.Get, $"/api/v1/networks/{id}");

        Assert.Equal("active", unreachable["nodes"]![1]!["status"]!.GetValue<string>()); // never sent a heartbeat: not watched
        Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);
        Assert.Equal("active", after["nodes"]![0]!["status"]!.GetValue<string>());
        ApiFixture.AssertValid("network", after);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> WaitForStatusAsync(string network, string node, string status)
    {
        while (true)
        {
            var (_, current) = await api.SendAsync(HttpMethod.Get, $"/api/v1/networks/{network}");
            if (current["nodes"]!.AsArray().Any(n => n!["node_id"]!.GetValue<string>() == node && n["status"]!.GetValue<string>() == status))
            {
                return current;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A dev host that declares a node unreachable after one silent second.</summary>
    public sealed class FastHeartbeatFixture : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Mplp__Network__HeartbeatTimeout", "00:00:01")];
    }
}
