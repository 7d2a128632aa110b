using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using Mplp.Core.Agents;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Execution;

/// <summary>
/// An agent for tests: takes work items from its roles' queues and answers as <see cref="Answer"/>
/// says (a status, or null to stay silent), remembering every work item it saw, in order. Like a
/// real agent it continues the work item's trace: its result names a span of its own in that trace.
/// </summary>
internal sealed class TestAgent : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TestAgent(IEnumerable<string> roles, Func<WorkItem, string?> answer)
    {
        Answer = answer;
        var queues = roles.Select(r => new QueueClient(TestEnvironment.StorageConnectionString, AgentQueues.WorkQueueOf(r))).ToList();
        _loop = Task.Run(() => RunAsync(queues, _stop.Token));
    }

    public Func<WorkItem, string?> Answer { get; }

    public ConcurrentQueue<WorkItem> Received { get; } = new();

    /// <summary>Answers every work item twice: the second must change nothing.</summary>
    public bool AnswerTwice { get; init; }

    /// <summary>Echoes the work item's claim token, as agents must; false: a token of its own, which must change nothing.</summary>
    public bool EchoToken { get; init; } = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>A new span id in the trace of <paramref name="traceparent"/> (null without one).</summary>
    public static string? SpanIn(string? traceparent)
        => ActivityContext.TryParse(traceparent, null, out var sender)
            ? $"00-{sender.TraceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01"
            : null;

    private async Task RunAsync(IReadOnlyList<QueueClient> queues, CancellationToken cancellationToken)
    {
        foreach (var queue in queues)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var any = false;
            foreach (var queue in queues)
            {
                var messages = (await queue.ReceiveMessagesAsync(16, cancellationToken: CancellationToken.None)).Value;
                foreach (var message in messages)
                {
                    any = true;
                    var work = JsonSerializer.Deserialize<WorkItem>(message.MessageText, AgentProtocol.Json)!;
                    Received.Enqueue(work);
                    if (Answer(work) is { } status)
                    {
                        var result = new AgentResult(AgentProtocol.Version, work.WorkId, work.ExecutionId, status, JsonSerializer.SerializeToElement(new { echo = work.Description }), status == AgentResult.Failed ? "told to fail" : null, SpanIn(work.TraceParent), EchoToken ? work.ClaimToken : "forged");
                        var replies = new QueueClient(TestEnvironment.StorageConnectionString, work.ReplyTo);
                        for (var i = 0; i < (AnswerTwice ? 2 : 1); i++)
                        {
                            await replies.SendMessageAsync(JsonSerializer.Serialize(result, AgentProtocol.Json), CancellationToken.None);
                        }
                    }

                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                }
            }

            if (!any)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }
}
