using Azure.Storage.Queues;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Execution;

/// <summary>The results inbox refuses what is not an agent result: retried per host.json, then the poison queue.</summary>
public sealed class AgentResultInboxTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 150_000)]
    public async Task MalformedResult_EndsInThePoisonQueue_AndIsLogged()
    {
        var inbox = new QueueClient(TestEnvironment.StorageConnectionString, api.ResultsQueue);
        var poison = new QueueClient(TestEnvironment.StorageConnectionString, api.ResultsQueue + "-poison");
        await inbox.CreateIfNotExistsAsync();

        await inbox.SendMessageAsync("""{"version":1,"status":"maybe"}""");

        var deadline = DateTime.UtcNow.AddSeconds(120);  // host.json: 5 tries, 10 s apart
        while (!(await poison.ExistsAsync()).Value || (await poison.PeekMessagesAsync(1)).Value.Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the malformed result did not reach the poison queue");
            await Task.Delay(500);
        }

        var moved = (await poison.PeekMessagesAsync(1)).Value[0];
        Assert.Contains("maybe", moved.Body.ToString(), StringComparison.Ordinal);
        Assert.Contains("A malformed agent result was refused", api.HostOutput, StringComparison.Ordinal);
    }
}
