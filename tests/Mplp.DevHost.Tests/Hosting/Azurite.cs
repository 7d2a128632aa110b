using Azure.Storage.Queues;

namespace Mplp.DevHost.Tests.Hosting;

/// <summary>The storage account the tests use: <c>AzureWebJobsStorage</c>, Azurite by default. Tests fail, never skip, without it.</summary>
public static class Azurite
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    public static QueueClient Queue(string name)
        => new(ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    public static async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        var options = new QueueClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        try
        {
            await new QueueServiceClient(ConnectionString, options).GetPropertiesAsync(cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            throw new InvalidOperationException(
                "Azurite (or the AzureWebJobsStorage account) is unreachable; run the tests with ./mplp test, which starts it.", e);
        }
    }

    /// <summary>Names unique to a test run, so runs can share one Azurite.</summary>
    public static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];
}
