using Microsoft.DurableTask.Client;

namespace Mplp.Functions.Http;

/// <summary>How the API names an orchestration's state: running, its own outcome once completed, or failed.</summary>
public static class WorkflowStatus
{
    /// <param name="outcome">What a completed workflow reports about itself (e.g. a plan's completed, failed or cancelled).</param>
    public static string Of(OrchestrationMetadata instance, string? outcome = null) => instance.RuntimeStatus switch
    {
        OrchestrationRuntimeStatus.Completed => outcome ?? "completed",
        OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => "failed",
        _ => "running",
    };
}
