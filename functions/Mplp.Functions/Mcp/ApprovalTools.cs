using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;
using Mplp.Functions.Modules.Confirms;

namespace Mplp.Functions.Mcp;

/// <summary>
/// Approval gates on single tool calls, and deciding them. A request is a real Confirm
/// (<c>target_type: "other"</c>, <see cref="OtherTargets"/>) whose round runs as every round does:
/// four eyes, roles, quorum, a timeout that rejects by default, escalation; in the context's trace,
/// seen by its webhooks. The services of <c>POST /confirms</c>, <c>PUT .../policy</c> and <c>.../decisions</c>.
/// </summary>
public sealed class ApprovalTools(EntityService entities, ApprovalPolicies policies, ApprovalRounds rounds, ConfirmDecisions decisions, IOptions<McpOptions> options, TimeProvider clock)
{
    private const int DefaultWaitSeconds = 30;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private static ModuleDefinition Confirms => ConfirmModule.Definition;

    public sealed record RequestArgs(
        [property: Description("context_id of the context the action belongs to: its trace records the round, its deciders decide.")] string ContextId,
        [property: Description("What you want to do, for the people who decide: for example {\"tool\": \"deploy\", \"arguments\": {...}}.")] JsonElement Action,
        [property: Description("Why, in a sentence.")] string? Reason = null,
        [property: Description("The role you ask as (default agent).")] string? RequestedByRole = null,
        [property: Description("The approval policy: required_approvals, allowed_roles, timeout_seconds, on_timeout (reject by default), escalation_roles. Default: one approval by anyone with confirm:decide in the context, rejected after Mplp:Mcp:ApprovalTimeout.")] JsonElement? Policy = null,
        [property: Description("How long to wait for the outcome before answering pending (seconds, default 30).")] int? WaitSeconds = null);

    public sealed record ConfirmArgs([property: Description("confirm_id of the approval.")] string ConfirmId);

    public sealed record PendingArgs(
        [property: Description("Only this context's (required when you decide only within some contexts).")] string? ContextId = null,
        [property: Description("Page size, 1 to 200 (default 50).")] int? Limit = null,
        [property: Description("next_cursor of the previous page.")] string? Cursor = null);

    public sealed record DecideArgs(
        [property: Description("confirm_id of the approval.")] string ConfirmId,
        [property: Description("approved, rejected or cancelled.")] string Status,
        [property: Description("The role you decide as (one of the policy's allowed roles, if it names any).")] string Role,
        [property: Description("Why.")] string? Reason = null);

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Of<RequestArgs>("mplp_request_approval",
            "Ask people to approve an action before you take it. Creates a Confirm (target_type other) under an approval policy, waits up to wait_seconds and answers approved, rejected or pending with the confirm_id (ask again with mplp_get_approval). Nobody answering means rejected.",
            Confirms, Capabilities.Write(Confirms), readOnly: false, RequestAsync),
        McpTool.Of<ConfirmArgs>("mplp_get_approval", "An approval's status and decisions.", Confirms, Capabilities.Read(Confirms), readOnly: true, GetAsync),
        McpTool.Of<PendingArgs>("mplp_list_pending_approvals",
            "The approvals waiting for a decision that you may make (not your own requests).", Confirms, Capabilities.ConfirmDecide, readOnly: true, PendingAsync),
        McpTool.Of<DecideArgs>("mplp_decide",
            "Decide on an approval: approved, rejected or cancelled, in the name of a role you hold. Under a policy the quorum decides the outcome.",
            Confirms, Capabilities.ConfirmDecide, readOnly: false, DecideAsync),
    ];

    private async Task<CallToolResult> RequestAsync(McpCaller caller, Actor actor, RequestArgs args, CancellationToken cancellationToken)
    {
        var contextId = McpArguments.Id("context_id", args.ContextId);
        var action = args.Action.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(args.Action.GetRawText())!.AsObject()
            : throw Problems.Validation("/action", "must be an object (the tool and its arguments, say)");
        var wait = McpArguments.Within("wait_seconds", args.WaitSeconds, 0, options.Value.MaxWaitSeconds) ?? Math.Min(DefaultWaitSeconds, options.Value.MaxWaitSeconds);
        var role = new PlatformBody(new JsonObject { ["requested_by_role"] = args.RequestedByRole ?? "agent" }, "requested_by_role");
        var requestedBy = role.Text("requested_by_role", required: true)!;
        role.ThrowIfInvalid();
        var policy = PolicyOf(args.Policy);
        var context = await entities.GetAsync(ContextModule.Definition, contextId, actor, cancellationToken);

        var confirm = OtherTargets.New(contextId, ContextModule.Definition.OwnTraceIdOf!(context.Document), action, requestedBy, args.Reason);
        var created = await entities.CreateAsync(Confirms, confirm, actor, cancellationToken);
        await policies.SetAsync(created.Id, policy, frozenOnceDecided: true, cancellationToken);
        await rounds.StartRoundAsync(caller.Durable, created.Id, cancellationToken);
        return Answer(await WaitAsync(created.Id, actor, TimeSpan.FromSeconds(wait), cancellationToken));
    }

    private async Task<CallToolResult> GetAsync(McpCaller caller, Actor actor, ConfirmArgs args, CancellationToken cancellationToken)
        => Answer(await entities.GetAsync(Confirms, McpArguments.Id("confirm_id", args.ConfirmId), actor, cancellationToken));

    private async Task<CallToolResult> PendingAsync(McpCaller caller, Actor actor, PendingArgs args, CancellationToken cancellationToken)
    {
        var contextId = args.ContextId is { } text ? McpArguments.Id("context_id", text) : (Guid?)null;
        var page = await entities.ListAsync(Confirms, new ListQuery(contextId, "pending", McpArguments.Page(args.Limit, args.Cursor)), actor, cancellationToken);
        // Four eyes: what the caller asked for is someone else's to decide.
        var items = page.Items.Where(c => PlanApprovals.AuthorOf(c.Document) != caller.Principal).Select(c => (JsonNode)c.Document).ToArray();
        return ToolResults.Of(
            new JsonObject { ["items"] = new JsonArray(items), ["next_cursor"] = page.NextCursor },
            items.Length == 0 ? "Nothing waits for your decision." : $"{items.Length} approval(s) wait for a decision: {string.Join("; ", items.Select(Summary))}.");
    }

    private async Task<CallToolResult> DecideAsync(McpCaller caller, Actor actor, DecideArgs args, CancellationToken cancellationToken)
    {
        var confirmId = McpArguments.Id("confirm_id", args.ConfirmId);
        var decision = new JsonObject { ["status"] = args.Status, ["decided_by_role"] = args.Role };
        if (args.Reason is not null)
        {
            decision["reason"] = args.Reason;
        }

        var outcome = await decisions.DecideAsync(confirmId, decision, IfMatch.None, actor, cancellationToken);
        if (outcome.Policy is not null)
        {
            await rounds.NotifyAsync(caller.Durable, confirmId, cancellationToken);
        }

        return Answer(outcome.Confirm);
    }

    /// <summary>The request's policy; an agent's gate always ends (a timeout, rejecting unless it says otherwise), and is never its own to approve.</summary>
    private ApprovalPolicy PolicyOf(JsonElement? body)
    {
        var policy = body switch
        {
            null => new ApprovalPolicy(1, [], null, "reject", []),
            { ValueKind: JsonValueKind.Object } given => ApprovalPolicy.Parse(JsonNode.Parse(given.GetRawText())!.AsObject()),
            _ => throw Problems.Validation("/policy", "must be an object"),
        };
        if (policy.AllowSelfApproval)
        {
            throw Problems.SelfApprovalForbidden("Whoever asks for an approval does not approve it: allow_self_approval is not for requests.");
        }

        return policy.ExecutePlan
            ? throw Problems.Validation("/policy/execute_plan", "applies to approvals of plans only")
            : policy with { Timeout = policy.Timeout ?? options.Value.ApprovalTimeout };
    }

    private async Task<StoredDocument> WaitAsync(Guid confirmId, Actor actor, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + wait;
        while (true)
        {
            var confirm = await entities.GetAsync(Confirms, confirmId, actor, cancellationToken);
            if (confirm.Document["status"]!.GetValue<string>() != "pending" || clock.GetUtcNow() >= deadline)
            {
                return confirm;
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private static CallToolResult Answer(StoredDocument confirm)
    {
        var status = confirm.Document["status"]!.GetValue<string>();
        var text = status switch
        {
            "approved" => "Approved: go ahead.",
            "rejected" => "Rejected: do not take the action.",
            "cancelled" => "Cancelled: do not take the action.",
            _ => "Pending: nobody has decided yet; ask again with mplp_get_approval.",
        };
        return ToolResults.Of(new JsonObject
        {
            ["status"] = status,
            ["confirm_id"] = confirm.Id.ToString(),
            ["decisions"] = confirm.Document["decisions"]?.DeepClone() ?? new JsonArray(),
            ["confirm"] = confirm.Document.DeepClone(),
        }, $"{text} (confirm {confirm.Id})");
    }

    private static string Summary(JsonNode? confirm)
        => $"{confirm!["confirm_id"]} ({confirm["target_type"]}: {(confirm is JsonObject c ? OtherTargets.TitleOf(c) : null) ?? confirm["target_id"]?.ToString()}, {confirm["reason"] ?? "no reason given"})";
}
