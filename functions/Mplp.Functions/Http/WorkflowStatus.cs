using Microsoft.DurableTask.Client;
using Mplp.Core.Errors;

namespace Mplp.Functions.Http;

/// <summary>A workflow as the API shows it: its status, the input it was started with, and the state it reports about itself.</summary>
public sealed record WorkflowStatus<TInput, TState>(string Status, TInput? Input, TState? State);

/// <summary>
/// How the API reads a workflow (one orchestration per object: a plan's execution, a collab's session):
/// running, its own outcome once completed, or failed; 404 while it has never run.
/// </summary>
public static class WorkflowStatus
{
    /// <summary>
    /// The workflow's status, input and state: its output once completed, else its latest custom status
    /// (null where it sets none). 404 <paramref name="what"/>, saying <paramref name="detail"/>, when it has never run.
    /// </summary>
    /// <param name="outcomeOf">What a completed workflow's state says of its outcome (e.g. a plan's completed, failed or cancelled).</param>
    public static async Task<WorkflowStatus<TInput, TState>> ReadAsync<TInput, TState>(
        DurableTaskClient client, string instanceId, string what, string detail, Func<TState, string> outcomeOf, CancellationToken cancellationToken)
        where TState : class
    {
        var instance = await InstanceAsync(client, instanceId, what, detail, getInputsAndOutputs: true, cancellationToken);
        var state = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<TState>() : instance.ReadCustomStatusAs<TState>();
        return new(Of(instance, state is null ? null : outcomeOf(state)), instance.ReadInputAs<TInput>(), state);
    }

    /// <summary>The workflow's instance, or 404 <paramref name="what"/>, saying <paramref name="detail"/>, when it has never run.</summary>
    public static async Task<OrchestrationMetadata> InstanceAsync(
        DurableTaskClient client, string instanceId, string what, string detail, bool getInputsAndOutputs, CancellationToken cancellationToken)
        => await client.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken) ?? throw Problems.NotFound(what, detail);

    private static string Of(OrchestrationMetadata instance, string? outcome) => instance.RuntimeStatus switch
    {
        OrchestrationRuntimeStatus.Completed => outcome ?? "completed",
        OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => "failed",
        _ => "running",
    };
}
