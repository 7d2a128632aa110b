using Azure.Storage.Queues.Models;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Queues;

/// <summary>A received message and its body decoded per host.json <c>messageEncoding</c>.</summary>
public sealed record ReceivedQueueMessage(QueueMessage Message, BinaryData Body)
{
    public static ReceivedQueueMessage Decode(QueueMessage message, string messageEncoding)
    {
        if (!string.Equals(messageEncoding, "base64", StringComparison.OrdinalIgnoreCase))
        {
            return new(message, message.Body);
        }

        try
        {
            return new(message, BinaryData.FromBytes(Convert.FromBase64String(message.Body.ToString())));
        }
        catch (FormatException e)
        {
            // The Functions host fails such a message too; after maxDequeueCount it lands in the poison queue.
            throw new ArgumentBindingException("The message is not base64, but host.json says messageEncoding is base64.", e);
        }
    }

    /// <summary>The trigger's binding data, by the names the Functions host uses.</summary>
    public IReadOnlyDictionary<string, object?> BindingData() => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = Message.MessageId,
        ["DequeueCount"] = Message.DequeueCount,
        ["InsertionTime"] = Message.InsertedOn,
        ["ExpirationTime"] = Message.ExpiresOn,
        ["NextVisibleTime"] = Message.NextVisibleOn,
        ["PopReceipt"] = Message.PopReceipt,
        ["QueueTrigger"] = Body.ToString(),
    };
}
