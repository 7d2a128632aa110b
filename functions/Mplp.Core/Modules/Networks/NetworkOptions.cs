namespace Mplp.Core.Modules.Networks;

public sealed class NetworkOptions
{
    public const string Section = "Mplp:Network";

    /// <summary>A node that has sent heartbeats and then stays silent this long is marked unreachable.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The region this installation runs in (the chart's global.region); empty: not said.</summary>
    public string? Region { get; set; }

    /// <summary>Every region of a multi-region installation, this one included (the chart's global.multiRegion.regions); empty: one region.</summary>
    public List<NetworkRegion> Regions { get; set; } = [];

    /// <summary>The regions work on the same data: the primary region's PostgreSQL (network.multiRegion.crossRegionReplication).</summary>
    public bool CrossRegionReplication { get; set; }

    /// <summary>In-cluster traffic prefers endpoints in the caller's zone (network.multiRegion.latencyOptimization).</summary>
    public bool LatencyOptimization { get; set; }
}

/// <summary>One region of a multi-region installation, as the chart lists it.</summary>
public sealed class NetworkRegion
{
    public string Name { get; set; } = "";

    /// <summary>The region whose database is the writable one (and the only one that runs the in-chart database).</summary>
    public bool Primary { get; set; }

    /// <summary>Replicas of each module Deployment there.</summary>
    public int? Replicas { get; set; }
}
