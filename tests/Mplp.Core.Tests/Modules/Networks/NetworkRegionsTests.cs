using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Modules.Networks;

namespace Mplp.Core.Tests.Modules.Networks;

public sealed class NetworkRegionsTests
{
    [Fact]
    public void Describe_NoRegions_IsASingleRegionItsOwnPrimary_ReplicatingNothing()
    {
        var answer = Describe(new NetworkOptions { Region = "westeurope", CrossRegionReplication = true, LatencyOptimization = true });

        Assert.Equal(
            """{"multi_region":false,"region":"westeurope","primary":true,"primary_region":"westeurope","peers":[],"cross_region_replication":false,"latency_optimization":true}""",
            answer.ToJsonString());
    }

    [Fact]
    public void Describe_BlankRegion_IsNotSaid()
    {
        var answer = Describe(new NetworkOptions { Region = " " });

        Assert.Null(answer["region"]);
        Assert.Null(answer["primary_region"]);
    }

    [Fact]
    public void Describe_SecondaryRegion_NamesThePrimary_PeersAreTheOtherRegions()
    {
        var answer = Describe(new NetworkOptions
        {
            Region = "eastus",
            Regions = [new() { Name = "westeurope", Primary = true, Replicas = 3 }, new() { Name = "eastus", Replicas = 2 }],
            CrossRegionReplication = true,
        });

        Assert.Equal(
            """{"multi_region":true,"region":"eastus","primary":false,"primary_region":"westeurope","peers":[{"name":"westeurope","primary":true,"replicas":3}],"cross_region_replication":true,"latency_optimization":false}""",
            answer.ToJsonString());
    }

    [Fact]
    public void Describe_ThePrimaryRegion_IsPrimary()
    {
        var answer = Describe(new NetworkOptions
        {
            Region = "westeurope",
            Regions = [new() { Name = "westeurope", Primary = true }, new() { Name = "eastus" }],
        });

        Assert.True(answer["primary"]!.GetValue<bool>());
        Assert.Equal(["eastus"], answer["peers"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
    }

    private static JsonObject Describe(NetworkOptions options) => new NetworkRegions(Options.Create(options)).Describe();
}
