using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Mplp.Core.Agents;

/// <summary>How work reaches agents. Storage queues today; a Service Bus transport would be another implementation.</summary>
public interface IAgentTransport
{
    Task SendAsync(WorkItem work, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the first work item of a role, not past its deadline, that <paramref name="decide"/>
    /// lets the caller take (for agents working over HTTP); null when there is none. Items left
    /// are queued again at once for others; discarded ones are deleted.
    /// </summary>
    Task<WorkItem?> ClaimAsync(string role, Func<WorkItem, CancellationToken, Task<ClaimDecision>> decide, CancellationToken cancellationToken);
}

/// <summary>What a claim does with a queued work item.</summary>
public enum ClaimDecision
{
    /// <summary>The caller takes it: it leaves the queue.</summary>
    Take,

    /// <summary>Not the caller's: it stays queued for others.</summary>
    Leave,

    /// <summary>Nobody's (superseded, not from the platform): it leaves the queue.</summary>
    Discard,
}

/// <summary>Sends work items to the role's Storage queue (created on first use) in the Functions storage account.</summary>
public sealed class StorageQueueAgentTransport(QueueServiceClient queues, TimeProvider clock) : IAgentTransport
{
    /// <summary>A claim looks at up to this many batches of <see cref="ClaimBatchSize"/> (Storage's maximum) for an item within reach.</summary>
    private const int ClaimBatches = 4;
    private const int ClaimBatchSize = 32;

    /// <summary>How long a claim hides what it looks at if it cannot give it back (a crash): then others see it again.</summary>
    private static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Task<QueueClient>> _clients = new(StringComparer.Ordinal);

    public async Task SendAsync(WorkItem work, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(AgentQueues.WorkQueueOf(work.AgentRole));
        var ttl = work.Deadline - clock.GetUtcNow();
        // A message nobody takes before the deadline would be late anyway: let it expire (at least a minute).
        await queue.SendMessageAsync(JsonSerializer.Serialize(work, AgentProtocol.Json), visibilityTimeout: null,
            timeToLive: ttl > TimeSpan.FromMinutes(1) ? ttl : TimeSpan.FromMinutes(1), cancellationToken);
    }

    public async Task<WorkItem?> ClaimAsync(string role, Func<WorkItem, CancellationToken, Task<ClaimDecision>> decide, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(AgentQueues.WorkQueueOf(role));
        // Receiving hides a message: every one the caller may not take is made visible again at once.
        var held = new List<QueueMessage>();
        try
        {
            for (var batch = 0; batch < ClaimBatches; batch++)
            {
                var messages = (await queue.ReceiveMessagesAsync(ClaimBatchSize, HoldFor, cancellationToken)).Value;
                foreach (var message in messages)
                {
                    held.Add(message);
                    var work = Parse(message.MessageText);
                    var decision = work is null || work.Deadline <= clock.GetUtcNow() ? ClaimDecision.Discard : await decide(work, cancellationToken);
                    if (decision == ClaimDecision.Leave)
                    {
                        continue;
                    }

                    // Claimed means taken: an agent that never answers is covered by the step's deadline and retry.
                    held.Remove(message);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    if (decision == ClaimDecision.Take)
                    {
                        return work;
                    }
                }

                if (messages.Length < ClaimBatchSize)
                {
                    return null;
                }
            }

            return null;
        }
        finally
        {
            await Task.WhenAll(held.Select(m => ReleaseAsync(queue, m)));
        }
    }

    private static WorkItem? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkItem>(text, AgentProtocol.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task ReleaseAsync(QueueClient queue, QueueMessage message)
    {
        try
        {
            // Not the request's token: a claim cancelled half-way must still give back what it held.
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // It reappears anyway when HoldFor ends: never lost, only later.
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
