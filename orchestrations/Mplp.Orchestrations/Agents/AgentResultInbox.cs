using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Mplp.Core.Agents;
using Mplp.Core.Observability;

namespace Mplp.Orchestrations.Agents;

/// <summary>
/// Reads agents' results from the results queue (<see cref="AgentOptions.ResultsQueue"/>) and hands each to the
/// orchestration waiting for it (event name = work id). A result without its attempt's claim token
/// is logged and dropped; a duplicate or late result finds nobody waiting and changes nothing; a
/// malformed message fails, is retried per host.json and ends in <c>&lt;results queue&gt;-poison</c>.
/// </summary>
public sealed partial class AgentResultInbox(AgentWork work, ILogger<AgentResultInbox> logger)
{
    [Function("Agents_ReceiveResult")]
    public async Task ReceiveAsync(
        [QueueTrigger(AgentOptions.ResultsQueueExpression)] string message, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        AgentResult result;
        try
        {
            result = AgentResult.Parse(message);
        }
        catch (FormatException e)
        {
            LogMalformed(logger, e.Message);
            throw;
        }

        if (await work.VerifyAsync(result, cancellationToken) is null)
        {
            LogTokenInvalid(logger, result.WorkId, result.ExecutionId);
            return;
        }

        if (!await DeliverAsync(client, result, cancellationToken))
        {
            LogNobodyWaiting(logger, result.WorkId, result.ExecutionId);
        }
    }

    /// <summary>
    /// Hands a result whose claim token was checked (<see cref="AgentWork.VerifyAsync"/>) to its execution; false when that execution does not exist or has ended. The
    /// span continues the agent's (the result's <c>traceparent</c>), so the trace goes on from the
    /// agent back into the orchestration.
    /// </summary>
    public static async Task<bool> DeliverAsync(DurableTaskClient client, AgentResult result, CancellationToken cancellationToken)
    {
        using var span = MplpTelemetry.StartContinuing("deliver agent result", ActivityKind.Consumer, result.TraceParent);
        span?.SetTag("mplp.work_id", result.WorkId.ToString());
        span?.SetTag("mplp.execution_id", result.ExecutionId);
        var instance = await client.GetInstanceAsync(result.ExecutionId, cancellationToken);
        if (instance is null || instance.IsCompleted)
        {
            return false;
        }

        // Without its token: the orchestration's history is kept, and only a hash of a token may be.
        await client.RaiseEventAsync(result.ExecutionId, result.WorkId.ToString(), result with { ClaimToken = null }, cancellationToken);
        return true;
    }

    [LoggerMessage(3001, LogLevel.Warning, "A malformed agent result was refused: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string reason);

    [LoggerMessage(3002, LogLevel.Information, "The result of work {WorkId} came after execution {ExecutionId} ended (or for none): dropped")]
    private static partial void LogNobodyWaiting(ILogger logger, Guid workId, string executionId);

    [LoggerMessage(3003, LogLevel.Warning, "A result for work {WorkId} of execution {ExecutionId} without that attempt's claim token was dropped")]
    private static partial void LogTokenInvalid(ILogger logger, Guid workId, string executionId);
}
