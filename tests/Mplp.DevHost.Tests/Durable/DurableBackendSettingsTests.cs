using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Durable;

namespace Mplp.DevHost.Tests.Durable;

public sealed class DurableBackendSettingsTests
{
    private static readonly HostSettings Host = HostSettings.Parse("""
        { "extensions": { "durableTask": { "hubName": "%HubSetting%", "storageProvider": { "maxQueuePollingInterval": "00:00:30" } } } }
        """);

    [Fact]
    public void From_SameAppHubAndPort_GivesTheSameWorkerIdAcrossRestarts()
    {
        var first = DurableBackendSettings.From(Host, Settings(("DevHost:Port", "7071")), "/app");
        var restarted = DurableBackendSettings.From(Host, Settings(("DevHost:Port", "7071")), "/app");
        var other = DurableBackendSettings.From(Host, Settings(("DevHost:Port", "7072")), "/app");

        Assert.Equal(first.WorkerId, restarted.WorkerId);
        Assert.NotEqual(first.WorkerId, other.WorkerId);
    }

    [Fact]
    public void From_HostJsonAndOverrides_ResolveHubAndKeepPollingShort()
    {
        var fromHostJson = DurableBackendSettings.From(Host, Settings(), "/app");
        var overridden = DurableBackendSettings.From(Host, Settings(("DevHost:HubName", "TestHub")), "/app");

        Assert.Equal("FromSetting", fromHostJson.HubName);
        Assert.Equal("TestHub", overridden.HubName);
        Assert.Equal(TimeSpan.FromSeconds(2), fromHostJson.Host.MaxQueuePollingInterval);
        Assert.Equal(StorageConnections.DevelopmentStorage, fromHostJson.ConnectionString);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection([new("HubSetting", "FromSetting"), .. values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))])
            .Build();
}
