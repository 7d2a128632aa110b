using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Mplp.DevHost.FixtureApp.Orchestrations;

/// <summary>HTTP functions that drive orchestrations through a <c>[DurableClient]</c>.</summary>
public static class OrchestrationHttpFunctions
{
    [Function("StartOrchestration")]
    public static async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/{name}")] HttpRequest request,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var input = await ReadJsonAsync(request, cancellationToken);
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(name, input, cancellationToken);
        return new AcceptedResult($"/api/orchestrations/{instanceId}", new { instanceId });
    }

    [Function("RaiseEvent")]
    public static async Task<IActionResult> RaiseEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/{instanceId}/events/{eventName}")] HttpRequest request,
        string instanceId,
        string eventName,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var payload = await ReadJsonAsync(request, cancellationToken);
        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return new AcceptedResult();
    }

    [Function("GetOrchestration")]
    public static async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orchestrations/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return instance is null
            ? new NotFoundResult()
            : new OkObjectResult(new
            {
                instance.InstanceId,
                instance.Name,
                RuntimeStatus = instance.RuntimeStatus.ToString(),
                CustomStatus = instance.SerializedCustomStatus,
                Output = instance.SerializedOutput,
                FailureType = instance.FailureDetails?.ErrorType,
                FailureMessage = instance.FailureDetails?.ErrorMessage,
            });
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 or null && !request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return null;
        }

        using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }
}
