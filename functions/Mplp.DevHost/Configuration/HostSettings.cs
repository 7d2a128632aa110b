using System.Globalization;
using System.Text.Json;

namespace Mplp.DevHost.Configuration;

/// <summary>The parts of the app's host.json that change how the dev host serves functions.</summary>
public sealed record HostSettings(
    string RoutePrefix,
    QueueSettings Queues,
    DurableHostSettings Durable,
    IReadOnlyDictionary<string, string> LogLevels)
{
    public const string FileName = "host.json";

    public static HostSettings Default { get; } = new("api", new QueueSettings(), new DurableHostSettings(), new Dictionary<string, string>());

    public static HostSettings Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : Default;
    }

    public static HostSettings Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        });
        var root = document.RootElement;
        var extensions = Child(root, "extensions");

        var routePrefix = String(Child(extensions, "http"), "routePrefix") ?? Default.RoutePrefix;
        return new HostSettings(
            routePrefix.Trim('/'),
            ParseQueues(Child(extensions, "queues")),
            ParseDurable(Child(extensions, "durableTask")),
            ParseLogLevels(Child(Child(root, "logging"), "logLevel")));
    }

    private static QueueSettings ParseQueues(JsonElement queues)
    {
        var defaults = new QueueSettings();
        var batchSize = Int(queues, "batchSize") ?? defaults.BatchSize;
        return new QueueSettings
        {
            BatchSize = batchSize,
            NewBatchThreshold = Int(queues, "newBatchThreshold") ?? batchSize / 2,
            MaxPollingInterval = Time(queues, "maxPollingInterval") ?? defaults.MaxPollingInterval,
            VisibilityTimeout = Time(queues, "visibilityTimeout") ?? defaults.VisibilityTimeout,
            MaxDequeueCount = Int(queues, "maxDequeueCount") ?? defaults.MaxDequeueCount,
            MessageEncoding = String(queues, "messageEncoding") ?? defaults.MessageEncoding,
        };
    }

    private static DurableHostSettings ParseDurable(JsonElement durable)
    {
        var defaults = new DurableHostSettings();
        var provider = Child(durable, "storageProvider");
        return new DurableHostSettings
        {
            HubName = String(durable, "hubName") ?? defaults.HubName,
            ConnectionName = String(provider, "connectionName") ?? String(provider, "connectionStringName"),
            PartitionCount = Int(provider, "partitionCount") ?? defaults.PartitionCount,
            MaxQueuePollingInterval = Time(provider, "maxQueuePollingInterval") ?? defaults.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = Time(provider, "workItemQueueVisibilityTimeout") ?? defaults.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = Time(provider, "controlQueueVisibilityTimeout") ?? defaults.ControlQueueVisibilityTimeout,
        };
    }

    private static Dictionary<string, string> ParseLogLevels(JsonElement logLevel)
    {
        var levels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (logLevel.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in logLevel.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    levels[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return levels;
    }

    private static JsonElement Child(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value;
                }
            }
        }

        return default;
    }

    private static string? String(JsonElement element, string name)
    {
        var value = Child(element, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static int? Int(JsonElement element, string name)
    {
        var value = Child(element, name);
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetInt32(),
            JsonValueKind.String => int.Parse(value.GetString()!, CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static TimeSpan? Time(JsonElement element, string name)
    {
        var value = String(element, name);
        return value is null ? null : TimeSpan.Parse(value, CultureInfo.InvariantCulture);
    }
}

/// <summary>host.json <c>extensions.queues</c>, with the Functions host's defaults.</summary>
public sealed record QueueSettings
{
    public int BatchSize { get; init; } = 16;

    public int NewBatchThreshold { get; init; } = 8;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public int MaxDequeueCount { get; init; } = 5;

    /// <summary><c>base64</c> (the Functions default) or <c>none</c>.</summary>
    public string MessageEncoding { get; init; } = "base64";
}

/// <summary>host.json <c>extensions.durableTask</c>: what the Azure Storage backend needs.</summary>
public sealed record DurableHostSettings
{
    public string HubName { get; init; } = "TestHubName";

    public string? ConnectionName { get; init; }

    /// <summary>Same default as the Functions host, so <c>func start</c> and the dev host can share a hub.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>The Functions default is 30 s; locally that makes work wait, so the dev host polls every second.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The sidecar does not renew activity locks: this must exceed the longest activity.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
