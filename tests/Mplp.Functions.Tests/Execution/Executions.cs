using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Execution;

/// <summary>Waiting on executions through the API, for the execution tests.</summary>
internal static class Executions
{
    /// <summary>The plan's execution once it has <paramref name="status"/>; fails after a minute with what it is and the host's output.</summary>
    public static async Task<JsonObject> ReachingAsync(ApiFixture api, string plan, string status)
    {
        JsonObject execution = [];
        await WaitUntilAsync(async () =>
        {
            (_, execution) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}/execution");
            return execution["status"]?.GetValue<string>() == status;
        }, () => $"execution of {plan} to be {status}; it is {execution.ToJsonString()}\n{Tail(api.HostOutput)}");
        return execution;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}");
            await Task.Delay(200);
        }
    }

    private static string Tail(string output) => output.Length > 6000 ? output[^6000..] : output;
}
