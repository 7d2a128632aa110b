using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Mplp.DevHost.Tests.Hosting;

namespace Mplp.DevHost.Tests.Queues;

/// <summary>The fixture's queue functions through the dev host: RecordWorkItem records what it got, AlwaysFail always throws.</summary>
[Collection(FixtureHostCollection.Name)]
public sealed class QueueTriggerListenerTests(FixtureHostFixture fixture)
{
    /// <summary>The fixture's host.json maxDequeueCount.</summary>
    private const int MaxDequeueCount = 3;

    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 60_000)]
    public async Task Listener_ValidMessage_IsProcessedOnceWithItsBindingData()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var marker = Guid.NewGuid().ToString("N");
        var work = Azurite.Queue(fixture.WorkQueue);
        SendReceipt sent = await work.SendMessageAsync($$"""{"text":"{{marker}}"}""", cancellation.Token);

        var record = await WaitForRecordAsync(marker, cancellation.Token);

        Assert.Equal(sent.MessageId, record.GetProperty("id").GetString());
        Assert.Equal(1, record.GetProperty("dequeueCount").GetInt64());
        Assert.Equal(0, (await work.GetPropertiesAsync(cancellation.Token)).Value.ApproximateMessagesCount);
    }

    [Fact(Timeout = 60_000)]
    public async Task Listener_FailingMessage_MovesToPoisonQueueAfterMaxDequeueCount()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var body = "boom-" + Guid.NewGuid().ToString("N");
        var failing = Azurite.Queue(fixture.FailQueue);
        await failing.CreateIfNotExistsAsync(cancellationToken: cancellation.Token);
        SendReceipt sent = await failing.SendMessageAsync(body, cancellation.Token);
        var poison = Azurite.Queue(fixture.FailQueue + "-poison");

        await Eventually.WaitAsync(
            async () => await poison.ExistsAsync(cancellation.Token)
                && (await poison.PeekMessagesAsync(32, cancellation.Token)).Value.Any(m => m.Body.ToString() == body) ? poison : null,
            WaitTimeout,
            "the message in the poison queue",
            cancellation.Token);

        var poisoned = $"message {sent.MessageId} moved to '{poison.Name}' after {MaxDequeueCount} tries";
        await fixture.Host.WaitForOutputAsync(poisoned, WaitTimeout, cancellation.Token);
        Assert.Equal(MaxDequeueCount, fixture.Host.CountLines($"on message {sent.MessageId} (try"));
        Assert.Equal(1, fixture.Host.CountLines(poisoned));
        Assert.DoesNotContain(
            (await failing.PeekMessagesAsync(32, cancellation.Token)).Value,
            m => m.MessageId == sent.MessageId);
    }

    [Fact(Timeout = 60_000)]
    public async Task OutputBindings_HttpMultiOutputAndReturnValue_PutMessagesOnTheWorkQueue()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var viaHttp = Guid.NewGuid().ToString("N");
        var viaQueue = Guid.NewGuid().ToString("N");

        using (var response = await fixture.Api.Http.PostAsJsonAsync("api/work", new { text = viaHttp }, cancellation.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var forward = Azurite.Queue(fixture.ForwardQueue);
        await forward.CreateIfNotExistsAsync(cancellationToken: cancellation.Token);
        await forward.SendMessageAsync($$"""{"text":"{{viaQueue}}"}""", cancellation.Token);

        Assert.Equal(viaHttp, (await WaitForRecordAsync(viaHttp, cancellation.Token)).GetProperty("Text").GetString());
        Assert.Equal("forwarded:" + viaQueue, (await WaitForRecordAsync(viaQueue, cancellation.Token)).GetProperty("Text").GetString());
    }

    private async Task<JsonElement> WaitForRecordAsync(string marker, CancellationToken cancellationToken)
    {
        var records = Azurite.Queue(fixture.RecordQueue);
        var json = await Eventually.WaitAsync(
            async () => await records.ExistsAsync(cancellationToken)
                ? (await records.PeekMessagesAsync(32, cancellationToken)).Value
                    .Select(m => m.Body.ToString())
                    .FirstOrDefault(text => text.Contains(marker, StringComparison.Ordinal))
                : null,
            WaitTimeout,
            "RecordWorkItem to record the message",
            cancellationToken);
        return JsonDocument.Parse(json).RootElement;
    }
}
