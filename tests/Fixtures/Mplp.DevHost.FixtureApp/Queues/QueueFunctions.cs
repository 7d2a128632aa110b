using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Mplp.DevHost.FixtureApp.Queues;

/// <summary>Queue-triggered functions; queue names come from settings so each test run has its own.</summary>
public sealed class QueueFunctions(Recorder recorder)
{
    /// <summary>Records the message it got, with its id and dequeue count, for the tests to read.</summary>
    [Function("RecordWorkItem")]
    public Task RecordWorkItem(
        [QueueTrigger("%FixtureWorkQueue%")] WorkItem item,
        string id,
        long dequeueCount,
        CancellationToken cancellationToken)
        => recorder.RecordAsync(JsonSerializer.Serialize(new { id, dequeueCount, item.Text }), cancellationToken);

    /// <summary>Fails every time, so its messages end in the poison queue.</summary>
    [Function("AlwaysFail")]
    public static void AlwaysFail([QueueTrigger("%FixtureFailQueue%")] string message)
        => throw new InvalidOperationException($"The fixture fails on purpose: {message}");
}

public sealed record WorkItem(string Text);
