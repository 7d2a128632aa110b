using Mplp.DevHost.Configuration;

namespace Mplp.DevHost.Tests.Configuration;

public sealed class HostSettingsTests
{
    [Fact]
    public void Parse_FullHostJson_ReadsRoutePrefixQueuesDurableAndLogLevels()
    {
        const string json = """
            {
              "version": "2.0",
              "logging": { "logLevel": { "default": "Warning", "Function": "Information" } },
              "extensions": {
                "http": { "routePrefix": "/v2/" },
                "durableTask": { "hubName": "Hub", "storageProvider": { "maxQueuePollingInterval": "00:00:02", "partitionCount": 2 } },
                "queues": { "batchSize": 4, "newBatchThreshold": 1, "maxPollingInterval": "00:00:03",
                            "visibilityTimeout": "00:00:05", "maxDequeueCount": 2, "messageEncoding": "none" }
              }
            }
            """;

        var settings = HostSettings.Parse(json);

        Assert.Equal("v2", settings.RoutePrefix);
        Assert.Equal(new QueueSettings
        {
            BatchSize = 4,
            NewBatchThreshold = 1,
            MaxPollingInterval = TimeSpan.FromSeconds(3),
            VisibilityTimeout = TimeSpan.FromSeconds(5),
            MaxDequeueCount = 2,
            MessageEncoding = "none",
        }, settings.Queues);
        Assert.Equal("Hub", settings.Durable.HubName);
        Assert.Equal(2, settings.Durable.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Durable.MaxQueuePollingInterval);
        Assert.Equal("Warning", settings.LogLevels["default"]);
    }

    [Fact]
    public void Parse_EmptyHostJson_UsesFunctionsHostDefaults()
    {
        var settings = HostSettings.Parse("""{ "version": "2.0" }""");

        Assert.Equal("api", settings.RoutePrefix);
        Assert.Equal(16, settings.Queues.BatchSize);
        Assert.Equal(8, settings.Queues.NewBatchThreshold);
        Assert.Equal(5, settings.Queues.MaxDequeueCount);
        Assert.Equal("base64", settings.Queues.MessageEncoding);
        Assert.Equal(4, settings.Durable.PartitionCount);
    }

    [Fact]
    public void Parse_EmptyRoutePrefix_ServesAtTheRoot()
    {
        var settings = HostSettings.Parse("""{ "extensions": { "http": { "routePrefix": "" } } }""");

        Assert.Equal(string.Empty, settings.RoutePrefix);
    }
}
