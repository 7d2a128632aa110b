using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Queues;

/// <summary>How queue function parameters bind: the message as text, bytes, QueueMessage or a JSON POCO,
/// and the message's properties (id, dequeueCount, ...) by parameter name.</summary>
internal static class QueueArguments
{
    private static readonly HashSet<string> BindingDataNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Id", "DequeueCount", "InsertionTime", "ExpirationTime", "NextVisibleTime", "PopReceipt", "QueueTrigger",
    };

    public static ArgumentSource CreateTrigger(Type type)
        => context => ValueTask.FromResult(Convert((ReceivedQueueMessage)context.TriggerValue!, type));

    public static ArgumentSource? TryCreateFromBindingData(ParameterInfo parameter)
    {
        var name = parameter.Name!;
        var type = parameter.ParameterType;
        return BindingDataNames.Contains(name)
            ? context => ValueTask.FromResult(ValueConverter.Convert(context.BindingData[name], type))
            : null;
    }

    public static object? Convert(ReceivedQueueMessage received, Type type)
    {
        if (type == typeof(string))
        {
            return received.Body.ToString();
        }

        if (type == typeof(BinaryData))
        {
            return received.Body;
        }

        if (type == typeof(byte[]))
        {
            return received.Body.ToArray();
        }

        if (type == typeof(ReadOnlyMemory<byte>))
        {
            return received.Body.ToMemory();
        }

        if (type == typeof(QueueMessage))
        {
            return received.Message;
        }

        try
        {
            return JsonSerializer.Deserialize(received.Body.ToMemory().Span, type, DevHostJson.Options)
                ?? throw new ArgumentBindingException($"The message is JSON null; {type.Name} expected.");
        }
        catch (JsonException e)
        {
            throw new ArgumentBindingException($"The message is not valid JSON for {type.Name}: {e.Message}", e);
        }
    }
}
