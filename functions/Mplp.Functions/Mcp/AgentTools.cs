using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Mplp.Core.Access;
using Mplp.Core.Agents;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Modules.Traces;
using Mplp.Core.Protocol;
using Mplp.Functions.Modules.Plans;
using Mplp.Functions.Modules.Traces;

namespace Mplp.Functions.Mcp;

/// <summary>
/// The agent protocol as MCP tools: claim a work item, report its result, write to a context's
/// trace; the services of the HTTP API's <c>/api/v1/agents/...</c> and <c>.../events</c>.
/// </summary>
public sealed class AgentTools(AgentWork agents, AgentResultSubmission results, EntityService entities, TraceEventEndpoints traceEvents)
{
    public sealed record ClaimArgs([property: Description("The agent role whose work to take: a plan step's agent_role.")] string Role);

    public sealed record ResultArgs(
        [property: Description("work_id of the claimed work item.")] string WorkId,
        [property: Description("execution_id of the work item.")] string ExecutionId,
        [property: Description("claim_token of the work item: without it the result changes nothing.")] string ClaimToken,
        [property: Description("completed or failed.")] string Status,
        [property: Description("What the work produced (any JSON), when completed.")] JsonElement? Output = null,
        [property: Description("Why it failed, when failed.")] string? Error = null);

    public sealed record AppendArgs(
        [property: Description("context_id of the context whose trace gets the events.")] string ContextId,
        [property: Description("1 to 100 MPLP events (event_type, source, ...); event_id, timestamp and trace_id are filled in.")] JsonElement Events);

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Of<ClaimArgs>("mplp_claim_work",
            "Claim the next work item of an agent role within your reach (a context where you hold plan:work and that role). Answers the work item with its claim_token, or work: null when there is none; answer it with mplp_submit_result before its deadline.",
            PlanModule.Definition, Capabilities.PlanWork, readOnly: false, ClaimAsync),
        McpTool.Of<ResultArgs>("mplp_submit_result",
            "Report the result of a claimed work item: completed with an output, or failed with an error. Counts only with the work item's claim_token; delivered is false when no execution waits for it any more.",
            PlanModule.Definition, Capabilities.PlanWork, readOnly: false, SubmitAsync),
        McpTool.Of<AppendArgs>("mplp_append_events",
            "Append MPLP events to a context's trace, in order.",
            TraceModule.Definition, Capabilities.TraceAppend, readOnly: false, AppendAsync),
    ];

    private async Task<CallToolResult> ClaimAsync(McpCaller caller, Actor actor, ClaimArgs args, CancellationToken cancellationToken)
    {
        var fields = new PlatformBody(new JsonObject { ["role"] = args.Role }, "role");
        var role = fields.Text("role", required: true)!;
        fields.ThrowIfInvalid();
        if (await agents.ClaimAsync(role, caller.Grants, cancellationToken) is not { } work)
        {
            return ToolResults.Of(new JsonObject { ["work"] = null }, $"No work for role '{role}' within your reach.");
        }

        return ToolResults.Of(
            new JsonObject { ["work"] = JsonSerializer.SerializeToNode(work, AgentProtocol.Json) },
            $"Claimed work {work.WorkId} ({work.Kind}): {work.Description}. Submit its result with its claim_token by {MplpTime.Format(work.Deadline)}.");
    }

    private async Task<CallToolResult> SubmitAsync(McpCaller caller, Actor actor, ResultArgs args, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["version"] = AgentProtocol.Version,
            ["work_id"] = McpArguments.Id("work_id", args.WorkId).ToString(),
            ["execution_id"] = args.ExecutionId,
            ["claim_token"] = args.ClaimToken,
            ["status"] = args.Status,
            ["output"] = args.Output is { } output ? JsonNode.Parse(output.GetRawText()) : null,
            ["error"] = args.Error,
        };
        var (result, delivered) = await results.SubmitAsync(body, actor, caller.Durable, cancellationToken);
        return ToolResults.Of(
            new JsonObject { ["work_id"] = result.WorkId.ToString(), ["delivered"] = delivered },
            delivered ? $"Result of work {result.WorkId} delivered ({result.Status})." : $"The result of work {result.WorkId} changed nothing: no execution waits for it.");
    }

    private async Task<CallToolResult> AppendAsync(McpCaller caller, Actor actor, AppendArgs args, CancellationToken cancellationToken)
    {
        var contextId = McpArguments.Id("context_id", args.ContextId);
        var context = await entities.GetAsync(ContextModule.Definition, contextId, actor, cancellationToken);
        var body = new JsonObject { ["events"] = JsonNode.Parse(args.Events.GetRawText()) };
        var appended = await traceEvents.AppendToAsync(ContextModule.Definition.OwnTraceIdOf!(context.Document), contextId, body, cancellationToken);
        return ToolResults.Of(appended, $"{appended["accepted"]} event(s) appended to the trace of context {contextId}.");
    }
}
