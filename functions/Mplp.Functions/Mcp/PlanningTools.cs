using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Mplp.Core.Access;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Modules.Plans;
using Mplp.Functions.Modules.Traces;
using Mplp.Orchestrations.PlanExecution;

namespace Mplp.Functions.Mcp;

/// <summary>
/// Contexts, plans, executions and the trace as MCP tools for operators and planners; the services of
/// <c>POST /contexts</c>, <c>POST /plans</c>, <c>.../execute</c>, <c>.../execution</c> and <c>GET /contexts/{id}/events</c>.
/// </summary>
public sealed class PlanningTools(EntityService entities, PlanExecutions executions, TraceEventEndpoints traceEvents)
{
    public sealed record CreateArgs([property: Description("The MPLP object, as POST /api/v1/{collection} takes it.")] JsonElement Object);

    public sealed record ExecuteArgs(
        [property: Description("plan_id of an approved plan.")] string PlanId,
        [property: Description("Steps run at once, 1 to 64 (default Mplp:Execution).")] int? MaxParallel = null,
        [property: Description("How long an agent has per step, in seconds.")] int? StepTimeoutSeconds = null,
        [property: Description("Attempts per step, 1 to 20.")] int? MaxAttempts = null);

    public sealed record PlanArgs([property: Description("plan_id of the plan.")] string PlanId);

    public sealed record EventsArgs(
        [property: Description("context_id of the context whose trace to read.")] string ContextId,
        [property: Description("Only these event types (plan.created, ...).")] IReadOnlyList<string>? EventType = null,
        [property: Description("Only these MPLP event families.")] IReadOnlyList<string>? EventFamily = null,
        [property: Description("Only the events of this plan.")] string? PlanId = null,
        [property: Description("Page size, 1 to 200 (default 50).")] int? Limit = null,
        [property: Description("next_cursor of the previous page.")] string? Cursor = null);

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Of<CreateArgs>("mplp_create_context", "Create a context (an MPLP Context object: title, root, status, ...).",
            ContextModule.Definition, Capabilities.Write(ContextModule.Definition), readOnly: false, (_, actor, args, ct) => CreateAsync(ContextModule.Definition, actor, args, ct)),
        McpTool.Of<CreateArgs>("mplp_create_plan", "Create a plan (an MPLP Plan object: context_id, title, objective, steps with agent_role, ...).",
            PlanModule.Definition, Capabilities.Write(PlanModule.Definition), readOnly: false, (_, actor, args, ct) => CreateAsync(PlanModule.Definition, actor, args, ct)),
        McpTool.Of<ExecuteArgs>("mplp_execute_plan", "Execute an approved plan through agents; answers the execution.",
            PlanModule.Definition, Capabilities.PlanExecute, readOnly: false, ExecuteAsync),
        McpTool.Of<PlanArgs>("mplp_get_execution", "How far a plan's execution is: its status and each step's.",
            PlanModule.Definition, Capabilities.Read(PlanModule.Definition), readOnly: true, GetExecutionAsync),
        McpTool.Of<EventsArgs>("mplp_get_events", "A page of a context's events (its trace, oldest first), filtered by type, family or plan.",
            ContextModule.Definition, Capabilities.TraceRead, readOnly: true, EventsAsync),
    ];

    private async Task<CallToolResult> CreateAsync(ModuleDefinition module, Actor actor, CreateArgs args, CancellationToken cancellationToken)
    {
        var body = args.Object.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(args.Object.GetRawText())!.AsObject()
            : throw Problems.Validation("/object", $"must be an MPLP {module.Name} object");
        var created = await entities.CreateAsync(module, body, actor, cancellationToken);
        return ToolResults.Of(created.Document, $"Created {module.Name} {created.Id}.");
    }

    private async Task<CallToolResult> ExecuteAsync(McpCaller caller, Actor actor, ExecuteArgs args, CancellationToken cancellationToken)
    {
        var planId = McpArguments.Id("plan_id", args.PlanId);
        var input = executions.InputOf(
            planId,
            McpArguments.Within("max_parallel", args.MaxParallel, 1, 64),
            McpArguments.Within("step_timeout_seconds", args.StepTimeoutSeconds, 1, 7 * 24 * 3600) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            McpArguments.Within("max_attempts", args.MaxAttempts, 1, 20));
        if (!await executions.StartAsync(caller.Durable, input, actor, cancellationToken))
        {
            throw Problems.PlanAlreadyExecuting("See mplp_get_execution.");
        }

        return ToolResults.Of(PlanExecutionFunctions.Execution(planId, "running", input, null), $"Plan {planId} is executing.");
    }

    private async Task<CallToolResult> GetExecutionAsync(McpCaller caller, Actor actor, PlanArgs args, CancellationToken cancellationToken)
    {
        var execution = await PlanExecutionFunctions.ExecutionAsync(entities, caller.Durable, McpArguments.Id("plan_id", args.PlanId), actor, cancellationToken);
        return ToolResults.Of(execution, $"Execution {execution["status"]}: {execution["completed_steps"]} of {execution["total_steps"]?.ToString() ?? "?"} steps completed.");
    }

    private async Task<CallToolResult> EventsAsync(McpCaller caller, Actor actor, EventsArgs args, CancellationToken cancellationToken)
    {
        var contextId = McpArguments.Id("context_id", args.ContextId);
        var families = args.EventFamily ?? [];
        if (families.FirstOrDefault(f => !EventFamilies.Known.Contains(f)) is { } unknown)
        {
            throw Problems.Validation("/event_family", $"'{unknown}' is not an MPLP event family ({string.Join(", ", EventFamilies.Known.Order(StringComparer.Ordinal))})");
        }

        var filter = new EventFilter(args.EventType ?? [], families, args.PlanId is { } plan ? McpArguments.Id("plan_id", plan).ToString() : null);
        var context = await entities.GetAsync(ContextModule.Definition, contextId, actor, cancellationToken);
        var page = await traceEvents.EventPageOfAsync(ContextModule.Definition.OwnTraceIdOf!(context.Document), contextId, McpArguments.Page(args.Limit, args.Cursor), filter, cancellationToken);
        return ToolResults.Of(page, $"{page["items"]!.AsArray().Count} event(s){(page["next_cursor"] is null ? "" : "; more with next_cursor")}.");
    }
}
