using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Configuration;

namespace Mplp.DevHost.Tests.Configuration;

public sealed class StorageConnectionsTests
{
    [Fact]
    public void Resolve_NoConnectionConfigured_DefaultsToAzurite()
    {
        IConfiguration empty = new ConfigurationBuilder().Build();

        Assert.Equal(StorageConnections.DevelopmentStorage, StorageConnections.Resolve(empty, null));
    }

    [Fact]
    public void Resolve_NamedConnection_FallsBackToAzureWebJobsPrefix()
    {
        IConfiguration settings = new ConfigurationBuilder()
            .AddInMemoryCollection([new("AzureWebJobsAgents", "agents-connection")])
            .Build();

        Assert.Equal("agents-connection", StorageConnections.Resolve(settings, "Agents"));
        Assert.Throws<InvalidOperationException>(() => StorageConnections.Resolve(settings, "Missing"));
    }
}
