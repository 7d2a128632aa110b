using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Mplp.Core.Modules.Networks;

/// <summary>
/// Where this installation runs among its regions, as the deployment configured it: its region,
/// whether it is the primary, its peers, and what crosses regions. Without regions it is a
/// single-region installation, its own primary.
/// </summary>
public sealed class NetworkRegions(IOptions<NetworkOptions> options)
{
    public JsonObject Describe()
    {
        var network = options.Value;
        var region = string.IsNullOrWhiteSpace(network.Region) ? null : network.Region;
        if (network.Regions.Count == 0)
        {
            return Answer(false, region, primary: true, primaryRegion: region, peers: [], network);
        }

        var own = network.Regions.FirstOrDefault(r => r.Name == region);
        var primaryRegion = network.Regions.FirstOrDefault(r => r.Primary)?.Name;
        return Answer(true, region, own?.Primary ?? false, primaryRegion, [.. network.Regions.Where(r => r != own)], network);
    }

    private static JsonObject Answer(bool multiRegion, string? region, bool primary, string? primaryRegion, IReadOnlyList<NetworkRegion> peers, NetworkOptions network) => new()
    {
        ["multi_region"] = multiRegion,
        ["region"] = region,
        ["primary"] = primary,
        ["primary_region"] = primaryRegion,
        ["peers"] = new JsonArray([.. peers.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["primary"] = p.Primary,
            ["replicas"] = p.Replicas,
        })]),
        // Only what the deployment set up: a single-region installation replicates nothing across regions.
        ["cross_region_replication"] = multiRegion && network.CrossRegionReplication,
        ["latency_optimization"] = network.LatencyOptimization,
    };
}
