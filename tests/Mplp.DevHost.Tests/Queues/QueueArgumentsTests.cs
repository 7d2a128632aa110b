using Azure.Storage.Queues.Models;
using Mplp.DevHost.Invocation;
using Mplp.DevHost.Queues;

namespace Mplp.DevHost.Tests.Queues;

public sealed class QueueArgumentsTests
{
    private static readonly QueueMessage Message = QueuesModelFactory.QueueMessage(
        "id-1", "receipt", BinaryData.FromString("""{"text":"hello","count":2}"""), dequeueCount: 3);

    private static ReceivedQueueMessage Received => new(Message, Message.Body);

    [Fact]
    public void Convert_TriggerParameterTypes_GetTheMessageInTheirShape()
    {
        Assert.Equal("""{"text":"hello","count":2}""", QueueArguments.Convert(Received, typeof(string)));
        Assert.Equal(Message.Body.ToArray(), QueueArguments.Convert(Received, typeof(byte[])));
        Assert.Same(Message.Body, QueueArguments.Convert(Received, typeof(BinaryData)));
        Assert.Same(Message, QueueArguments.Convert(Received, typeof(QueueMessage)));
        Assert.Equal(new Payload("hello", 2), QueueArguments.Convert(Received, typeof(Payload)));
    }

    [Fact]
    public void Convert_NotJsonForAPoco_ThrowsArgumentBindingException()
    {
        var notJson = new ReceivedQueueMessage(Message, BinaryData.FromString("not json"));

        Assert.Throws<ArgumentBindingException>(() => QueueArguments.Convert(notJson, typeof(Payload)));
    }

    [Fact]
    public void BindingData_MessageProperties_ByFunctionsHostNames()
    {
        var data = Received.BindingData();

        Assert.Equal("id-1", data["id"]);
        Assert.Equal(3L, data["dequeueCount"]);
        Assert.Equal("receipt", data["PopReceipt"]);
    }

    [Fact]
    public void Decode_Base64Encoding_DecodesAndRejectsPlainText()
    {
        var encoded = QueuesModelFactory.QueueMessage("id", "r", BinaryData.FromString(Convert.ToBase64String("hi"u8.ToArray())), 1);
        var plain = QueuesModelFactory.QueueMessage("id", "r", BinaryData.FromString("hi there!"), 1);

        Assert.Equal("hi", ReceivedQueueMessage.Decode(encoded, "base64").Body.ToString());
        Assert.Equal("hi there!", ReceivedQueueMessage.Decode(plain, "none").Body.ToString());
        Assert.Throws<ArgumentBindingException>(() => ReceivedQueueMessage.Decode(plain, "base64"));
    }

    public sealed record Payload(string Text, int Count);
}
