using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Invocation;
using Mplp.DevHost.Queues;
using Mplp.DevHost.Tests.Functions;

namespace Mplp.DevHost.Tests.Queues;

public sealed class QueueOutputTests
{
    [Fact]
    public void MessagesOf_ReturnedValues_BecomeMessagesLikeTheFunctionsHost()
    {
        Assert.Empty(QueueOutput.MessagesOf(null));
        Assert.Equal(["one"], QueueOutput.MessagesOf("one").Select(m => m.ToString()));
        Assert.Equal(["a", "b"], QueueOutput.MessagesOf(new[] { "a", "b" }).Select(m => m.ToString()));
        Assert.Equal([3], QueueOutput.MessagesOf(new byte[] { 1, 2, 3 }).Select(m => m.ToArray().Length));
        Assert.Equal(["""{"Text":"hi","Count":2}"""], QueueOutput.MessagesOf(new Work("hi", 2)).Select(m => m.ToString()));
    }

    [Fact]
    public void ResponseOf_MultiOutputResult_IsTheHttpBindingsProperty()
    {
        var function = Describe(SampleFunctions.Metadata("Instance", "Instance", extraBindings: """
            , { "name": "Response", "direction": "Out", "type": "http" }
            , { "name": "Work", "direction": "Out", "type": "queue", "queueName": "work" }
            """));
        var errors = new List<string>();

        var outputs = FunctionOutputs.Create(function, OfflineQueue, errors);

        Assert.Empty(errors);
        Assert.Equal("work", Assert.Single(outputs.Queues).QueueName);
        Assert.Equal(201, outputs.ResponseOf(new { Response = 201, Work = "message" }));
    }

    [Fact]
    public void Create_QueueOutputOnAnOrchestrator_IsReported()
    {
        var orchestrator = Describe(SampleFunctions.Metadata("Instance", "Instance", "orchestrationTrigger", """
            , { "name": "$return", "direction": "Out", "type": "queue", "queueName": "work" }
            """));
        var errors = new List<string>();

        FunctionOutputs.Create(orchestrator, OfflineQueue, errors);

        Assert.Contains("queue '$return'", Assert.Single(errors), StringComparison.Ordinal);
    }

    /// <summary>Creating a QueueClient makes no request: nothing here touches storage.</summary>
    private static QueueOutput OfflineQueue(FunctionBinding binding)
        => new(binding.Name, new QueueClient("UseDevelopmentStorage=true", binding.GetString("queueName")), "none");

    private static FunctionDescriptor Describe(FunctionMetadata metadata)
        => Assert.Single(FunctionCatalog.Load([metadata], new ConfigurationBuilder().Build()));

    private sealed record Work(string Text, int Count);
}
