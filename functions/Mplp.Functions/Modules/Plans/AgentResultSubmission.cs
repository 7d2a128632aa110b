using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Mplp.Core.Access;
using Mplp.Core.Agents;
using Mplp.Core.Errors;
using Mplp.Orchestrations.Agents;

namespace Mplp.Functions.Modules.Plans;

/// <summary>
/// A work item's result from an agent outside the queues (HTTP or MCP): read as an agent protocol
/// message, its claim token checked against the attempt, the work's context within the caller's
/// reach, then delivered to the execution waiting for it. Written once, so both doors keep the same rules.
/// </summary>
public sealed class AgentResultSubmission(AgentWork agents)
{
    /// <returns>The result, and whether an execution took it (false: late, a duplicate, or its execution ended).</returns>
    public async Task<(AgentResult Result, bool Delivered)> SubmitAsync(JsonObject message, Actor actor, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        AgentResult result;
        try
        {
            result = AgentResult.Parse(message.ToJsonString());
        }
        catch (FormatException e)
        {
            throw Problems.Validation("", e.Message);
        }

        var issued = await agents.VerifyAsync(result, cancellationToken)
            ?? throw Problems.ClaimTokenInvalid($"The result of work {result.WorkId} must carry the claim_token of its work item; without it, it changes nothing.");
        actor.Scope.Require(issued.ContextId);
        return (result, await AgentResultInbox.DeliverAsync(durable, result, cancellationToken));
    }
}
