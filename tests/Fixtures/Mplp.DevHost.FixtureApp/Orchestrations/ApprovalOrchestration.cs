using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Mplp.DevHost.FixtureApp.Orchestrations;

/// <summary>An orchestration that calls an activity, then waits for a decision: the shape of an approval.</summary>
public static class ApprovalOrchestration
{
    public const string DecisionEvent = "Decision";

    [Function("Approval")]
    public static async Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<ApprovalRequest>() ?? new ApprovalRequest(null);
        var greeting = await context.CallActivityAsync<string>("Greet", request.Subject);
        context.SetCustomStatus("waiting");
        var decision = await context.WaitForExternalEvent<string>(DecisionEvent);
        return $"{greeting} {decision}";
    }

    /// <summary>Calls the activity named in its input, so a test can reach every activity of the app.</summary>
    [Function("InvokeActivity")]
    public static async Task<ActivityOutcome> InvokeActivity([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext functionContext)
    {
        var call = context.GetInput<ActivityCall>();
        if (string.IsNullOrEmpty(call?.Activity))
        {
            return new ActivityOutcome(null, null);
        }

        try
        {
            var output = await context.CallActivityAsync<JsonElement>(call.Activity, call.Input);
            return new ActivityOutcome(output, null);
        }
        catch (TaskFailedException e)
        {
            return new ActivityOutcome(null, e.FailureDetails.ErrorType);
        }
    }

    [Function("Greet")]
    public static string Greet([ActivityTrigger] string? name, FunctionContext context)
        => ((Greeter)context.InstanceServices.GetService(typeof(Greeter))!).Greet(name);
}

public sealed record ApprovalRequest(string? Subject);

public sealed record ActivityCall(string? Activity, JsonElement? Input);

public sealed record ActivityOutcome(JsonElement? Output, string? FailureType);
