using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;

namespace Mplp.Core.Agents;

/// <summary>How work reaches agents. Storage queues today; a Service Bus transport would be another implementation.</summary>
public interface IAgentTransport
{
    Task SendAsync(WorkItem work, CancellationToken cancellationToken);
}

/// <summary>Sends work items to the role's Storage queue (created on first use) in the Functions storage account.</summary>
public sealed class StorageQueueAgentTransport(QueueServiceClient queues) : IAgentTransport
{
    private readonly ConcurrentDictionary<string, Task<QueueClient>> _clients = new(StringComparer.Ordinal);

    public async Task SendAsync(WorkItem work, CancellationToken cancellationToken)
    {
        var name = AgentQueues.WorkQueueOf(work.AgentRole);
        var created = _clients.GetOrAdd(name, CreateAsync);
        QueueClient queue;
        try
        {
            queue = await created;
        }
        catch
        {
            _clients.TryRemove(new KeyValuePair<string, Task<QueueClient>>(name, created));  // the next send tries again
            throw;
        }

        var ttl = work.Deadline - DateTimeOffset.UtcNow;
        // A message nobody takes before the deadline would be late anyway: let it expire (at least a minute).
        await queue.SendMessageAsync(JsonSerializer.Serialize(work, AgentProtocol.Json), visibilityTimeout: null,
            timeToLive: ttl > TimeSpan.FromMinutes(1) ? ttl : TimeSpan.FromMinutes(1), cancellationToken);
    }

    private async Task<QueueClient> CreateAsync(string name)
    {
        var client = queues.GetQueueClient(name);
        await client.CreateIfNotExistsAsync();
        return client;
    }
}
