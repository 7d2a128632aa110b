using System.Collections;
using System.Text.Json;
using Azure.Storage.Queues;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Queues;

/// <summary>
/// A <c>[QueueOutput]</c> binding: puts what the function returned (or a property of it) on a queue,
/// as the Functions host does: text and bytes as they are, a collection as one message per item,
/// anything else as JSON, encoded per host.json <c>messageEncoding</c>.
/// </summary>
public sealed class QueueOutput(string bindingName, QueueClient queue, string messageEncoding)
{
    private volatile bool _created;

    /// <summary><c>$return</c>, or the property of the returned object that holds the messages.</summary>
    public string BindingName { get; } = bindingName;

    public string QueueName => queue.Name;

    /// <summary>Resolves the binding's queue and connection from configuration, once, at start-up.</summary>
    public static Func<FunctionBinding, QueueOutput> Factory(IConfiguration configuration, QueueSettings settings)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        return binding =>
        {
            var name = BindingExpressions.Resolve(
                binding.GetString("queueName") ?? throw new InvalidOperationException($"Queue output '{binding.Name}' has no queueName."),
                configuration).ToLowerInvariant();
            if (!QueueTriggerRegistration.IsValidQueueName(name))
            {
                throw new NotSupportedException($"'{name}' is not a valid queue name.");
            }

            var connection = StorageConnections.Resolve(configuration, binding.GetString("connection"));
            return new QueueOutput(binding.Name, new QueueClient(connection, name, options), settings.MessageEncoding);
        };
    }

    public async Task SendAsync(object? value, CancellationToken cancellationToken)
    {
        var messages = MessagesOf(value).ToList();
        if (messages.Count == 0)
        {
            return;
        }

        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }

        foreach (var message in messages)
        {
            await queue.SendMessageAsync(Encode(message), cancellationToken: cancellationToken);
        }
    }

    internal static IEnumerable<BinaryData> MessagesOf(object? value) => value switch
    {
        null => [],
        string text => [BinaryData.FromString(text)],
        BinaryData data => [data],
        byte[] bytes => [BinaryData.FromBytes(bytes)],
        ReadOnlyMemory<byte> memory => [BinaryData.FromBytes(memory)],
        IEnumerable items => items.Cast<object?>().SelectMany(MessagesOf),
        _ => [BinaryData.FromString(JsonSerializer.Serialize(value, value.GetType(), DevHostJson.WorkerOptions))],
    };

    private BinaryData Encode(BinaryData message)
        => string.Equals(messageEncoding, "base64", StringComparison.OrdinalIgnoreCase)
            ? BinaryData.FromString(Convert.ToBase64String(message.ToMemory().Span))
            : message;
}
