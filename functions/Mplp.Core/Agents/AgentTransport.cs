using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;

namespace Mplp.Core.Agents;

/// <summary>How work reaches agents. Storage queues today; a Service Bus transport would be another implementation.</summary>
public interface IAgentTransport
{
    Task SendAsync(WorkItem work, CancellationToken cancellationToken);

    /// <summary>Takes the next work item of a role that is not past its deadline (for agents working over HTTP); null when there is none.</summary>
    Task<WorkItem?> ClaimAsync(string role, CancellationToken cancellationToken);
}

/// <summary>Sends work items to the role's Storage queue (created on first use) in the Functions storage account.</summary>
public sealed class StorageQueueAgentTransport(QueueServiceClient queues) : IAgentTransport
{
    private readonly ConcurrentDictionary<string, Task<QueueClient>> _clients = new(StringComparer.Ordinal);

    public async Task SendAsync(WorkItem work, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(AgentQueues.WorkQueueOf(work.AgentRole));
        var ttl = work.Deadline - DateTimeOffset.UtcNow;
        // A message nobody takes before the deadline would be late anyway: let it expire (at least a minute).
        await queue.SendMessageAsync(JsonSerializer.Serialize(work, AgentProtocol.Json), visibilityTimeout: null,
            timeToLive: ttl > TimeSpan.FromMinutes(1) ? ttl : TimeSpan.FromMinutes(1), cancellationToken);
    }

    public async Task<WorkItem?> ClaimAsync(string role, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(AgentQueues.WorkQueueOf(role));
        while (true)
        {
            var message = (await queue.ReceiveMessageAsync(cancellationToken: cancellationToken)).Value;
            if (message is null)
            {
                return null;
            }

            // Claimed means taken: an agent that never answers is covered by the step's deadline and retry.
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            var work = JsonSerializer.Deserialize<WorkItem>(message.MessageText, AgentProtocol.Json);
            if (work is not null && work.Deadline > DateTimeOffset.UtcNow)
            {
                return work;
            }
        }
    }

    private async Task<QueueClient> QueueAsync(string name)
    {
        var created = _clients.GetOrAdd(name, CreateAsync);
        try
        {
            return await created;
        }
        catch
        {
            _clients.TryRemove(new KeyValuePair<string, Task<QueueClient>>(name, created));  // the next use tries again
            throw;
        }
    }

    private async Task<QueueClient> CreateAsync(string name)
    {
        var client = queues.GetQueueClient(name);
        await client.CreateIfNotExistsAsync();
        return client;
    }
}
