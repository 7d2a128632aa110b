using System.Text.Json;
using Mplp.DevHost.Configuration;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Tests.Hosting;
using Mplp.DevHost.Tests.Timers;

namespace Mplp.DevHost.Tests.Functions;

/// <summary>
/// Every function of the fixture's functions.metadata is served, driven by the metadata file: a new
/// function, or a new kind of trigger, that the dev host does not serve makes this test fail.
/// </summary>
[Collection(FixtureHostCollection.Name)]
public sealed class FunctionCoverageTests(FixtureHostFixture fixture)
{
    private static readonly TimeSpan PerFunctionTimeout = TimeSpan.FromSeconds(45);

    [Fact(Timeout = 90_000)]
    public async Task Metadata_EveryFunction_IsServed()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(80));
        var functions = FixtureHostFixture.Metadata;
        Assert.NotEmpty(functions);

        await Task.WhenAll(functions.Select(function => AssertServedAsync(function, cancellation.Token)));
    }

    private async Task AssertServedAsync(FunctionMetadata function, CancellationToken cancellationToken)
    {
        Assert.Contains($"  {function.Name}: {function.Trigger.Type}", fixture.Host.Output, StringComparison.Ordinal);
        switch (function.Trigger.Type)
        {
            case FunctionBinding.HttpTrigger:
                await AssertHttpAnswersAsync(function, cancellationToken);
                break;
            case FunctionBinding.QueueTrigger:
                await AssertQueueConsumedAsync(function, cancellationToken);
                break;
            case FunctionBinding.OrchestrationTrigger:
                await AssertOrchestratorRunsAsync(function, cancellationToken);
                break;
            case FunctionBinding.ActivityTrigger:
                await AssertActivityRunsAsync(function, cancellationToken);
                break;
            case FunctionBinding.TimerTrigger:
                await AssertTimerRunsAsync(function, cancellationToken);
                break;
            default:
                Assert.Fail($"{function.Name}: this test cannot drive {function.Trigger.Type} functions yet; teach it, and the dev host.");
                break;
        }
    }

    /// <summary>Every method of the route reaches the function itself (the dev host names it in a header),
    /// whatever the function then answers.</summary>
    private async Task AssertHttpAnswersAsync(FunctionMetadata function, CancellationToken cancellationToken)
    {
        var host = HostSettings.Load(BuiltHosts.AppDirectoryOf(BuiltHosts.FixtureHost));
        foreach (var request in SampleRequests.For(function, host))
        {
            using (request)
            using (var response = await fixture.Api.Http.SendAsync(request, cancellationToken))
            {
                Assert.True(
                    response.Headers.TryGetValues("X-DevHost-Function", out var names) && names.Single() == function.Name,
                    $"{request.Method} {request.RequestUri} did not reach {function.Name}: {(int)response.StatusCode}");
            }
        }
    }

    /// <summary>A message put on the trigger queue is taken off it: processed and deleted, or tried and poisoned.</summary>
    private async Task AssertQueueConsumedAsync(FunctionMetadata function, CancellationToken cancellationToken)
    {
        var queue = fixture.TriggerQueueOf(function);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queue.SendMessageAsync("""{"text":"coverage"}""", cancellationToken);
        await Eventually.WaitAsync(
            async () => (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount == 0 ? function : null,
            PerFunctionTimeout,
            $"{function.Name} to consume its message",
            cancellationToken);
    }

    private async Task AssertOrchestratorRunsAsync(FunctionMetadata function, CancellationToken cancellationToken)
    {
        var instanceId = await fixture.Api.StartAsync(function.Name, new { }, cancellationToken);
        var status = await fixture.Api.WaitForAsync(
            instanceId, s => s.RuntimeStatus != "Pending", PerFunctionTimeout, cancellationToken);
        Assert.NotEqual("OrchestratorTaskNotFound", status.FailureType);
    }

    /// <summary>Reaches the activity through the fixture's InvokeActivity orchestrator.</summary>
    private async Task AssertActivityRunsAsync(FunctionMetadata function, CancellationToken cancellationToken)
    {
        var instanceId = await fixture.Api.StartAsync("InvokeActivity", new { Activity = function.Name, Input = "coverage" }, cancellationToken);
        var status = await fixture.Api.WaitForAsync(instanceId, s => s.IsTerminal, PerFunctionTimeout, cancellationToken);
        Assert.Equal("Completed", status.RuntimeStatus);
        using var outcome = JsonDocument.Parse(status.Output!);
        Assert.NotEqual("ActivityTaskNotFound", outcome.RootElement.GetProperty("FailureType").GetString());
    }

    /// <summary>The fixture's timer functions record each run on the timer queue, naming themselves.</summary>
    private async Task AssertTimerRunsAsync(FunctionMetadata function, CancellationToken cancellationToken)
        => await TimerRuns.WaitForAsync(fixture, function.Name, runs: 1, PerFunctionTimeout, cancellationToken);
}
