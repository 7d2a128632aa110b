using System.Text.Json.Nodes;
using Mplp.Core.Modules.Roles;
using static Mplp.Functions.OpenApi.SharedComponents;

namespace Mplp.Functions.OpenApi;

/// <summary>
/// Schemas of the platform's own bodies, which are not MPLP objects: role assignments, API keys,
/// permission checks, trace event batches. Operations name them in <c>Part</c> and <c>Response</c>.
/// </summary>
internal static partial class PlatformComponents
{
    public const string AssignmentRequest = "RoleAssignmentRequest";
    public const string Assignment = "RoleAssignment";
    public const string ApiKeyRequest = "ApiKeyRequest";
    public const string ApiKey = "ApiKey";
    public const string IssuedApiKey = "IssuedApiKey";
    public const string PermissionCheckRequest = "PermissionCheckRequest";
    public const string PermissionCheck = "PermissionCheck";
    public const string EventBatch = "TraceEventBatch";
    public const string EventsAccepted = "TraceEventsAccepted";
    public const string DeadLetter = "EventDeadLetter";
    public const string ExecutionRequest = "PlanExecutionRequest";
    public const string Execution = "PlanExecution";
    public const string WorkItem = "AgentWorkItem";
    public const string AgentResult = "AgentResult";
    public const string ResultDelivery = "AgentResultDelivery";
    public const string ApprovalPolicy = "ApprovalPolicy";
    public const string ConfirmImport = "ConfirmImport";
    public const string SessionRequest = "CollabSessionRequest";
    public const string Session = "CollabSession";
    public const string Regions = "NetworkRegions";
    public const string WebhookSecret = "WebhookSecret";
    public const string WebhookDelivery = "WebhookDelivery";

    public static JsonObject Schemas() => new()
    {
        [AssignmentRequest] = Closed(["principal"], new()
        {
            ["principal"] = Text("The principal: a token's oid or sub, or an API key's principal."),
            ["context_id"] = Id("Only within this context; omitted: everywhere."),
        }),
        [Assignment] = Closed(["assignment_id", "role_id", "principal", "context_id", "created_at", "created_by"], new()
        {
            ["assignment_id"] = Id("The assignment."),
            ["role_id"] = Id("The role."),
            ["principal"] = Text("Who holds the role."),
            ["context_id"] = Nullable(Id("The context it is limited to; null: everywhere.")),
            ["created_at"] = Time("When it was made."),
            ["created_by"] = Text("Who made it."),
        }),
        [ApiKeyRequest] = Closed(["principal"], new()
        {
            ["principal"] = Text("The principal the key acts as; it holds what its role assignments give."),
            ["name"] = Text("What the key is for."),
            ["expires_at"] = Time("When the key stops working; omitted: never."),
        }),
        [ApiKey] = KeyRecord(withSecret: false),
        [IssuedApiKey] = KeyRecord(withSecret: true),
        [PermissionCheckRequest] = Closed(["principal", "capability"], new()
        {
            ["principal"] = Text("Whose permission to check."),
            ["capability"] = new JsonObject { ["type"] = "string", ["enum"] = Strings([.. Capabilities.All]) },
            ["context_id"] = Id("Check within this context; omitted: outside any context."),
        }),
        [PermissionCheck] = Closed(["principal", "capability", "context_id", "allowed", "granted_by"], new()
        {
            ["principal"] = Text("As asked."),
            ["capability"] = Text("As asked."),
            ["context_id"] = Nullable(Id("As asked.")),
            ["allowed"] = new JsonObject { ["type"] = "boolean" },
            ["granted_by"] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "The roles that give the capability there (role_id null: an administrator named in configuration).",
                ["items"] = Closed(["role_id", "name", "context_id"], new()
                {
                    ["role_id"] = Nullable(Id("The role.")),
                    ["name"] = Text("The role's name."),
                    ["context_id"] = Nullable(Id("The context the assignment is limited to.")),
                }),
            },
        }),
        [Regions] = Closed(["multi_region", "region", "primary", "primary_region", "peers", "cross_region_replication", "latency_optimization"], new()
        {
            ["multi_region"] = Flag("Whether the deployment lists several regions (one release per region)."),
            ["region"] = Nullable(Text("The region answering; null: not configured.")),
            ["primary"] = Flag("Whether this region is the primary: its database is the writable one. A single-region installation is its own primary."),
            ["primary_region"] = Nullable(Text("The primary region.")),
            ["peers"] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "The other regions.",
                ["items"] = Closed(["name", "primary", "replicas"], new()
                {
                    ["name"] = Text("The region."),
                    ["primary"] = Flag("Whether it is the primary."),
                    ["replicas"] = new JsonObject { ["type"] = Strings("integer", "null"), ["description"] = "Replicas of each module Deployment there." },
                }),
            },
            ["cross_region_replication"] = Flag("Whether the regions work on the same data (the primary region's PostgreSQL, replicated into the others by the database service); false: each region has its own data."),
            ["latency_optimization"] = Flag("Whether in-cluster traffic prefers endpoints in the caller's zone."),
        }),
        [EventBatch] = Closed(["events"], new()
        {
            ["events"] = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = 1,
                ["maxItems"] = 100,
                ["items"] = Ref("schemas", "Events"),
            },
        }),
        [EventsAccepted] = Closed(["accepted", "event_ids"], new()
        {
            ["accepted"] = new JsonObject { ["type"] = "integer" },
            ["event_ids"] = new JsonObject { ["type"] = "array", ["items"] = Id("An accepted event, in log order.") },
        }),
        [DeadLetter] = Closed(["sequence", "trace_id", "event", "error", "refusals", "created_at", "dead_lettered_at"], new()
        {
            ["sequence"] = new JsonObject { ["type"] = "integer", ["description"] = "The event's place in the outbox (its row key in the log)." },
            ["trace_id"] = Text("The trace (event log partition) it was bound for."),
            ["event"] = new JsonObject { ["type"] = "object", ["description"] = "The MPLP event as it was written." },
            ["error"] = Text("What storage answered the last time it refused the event."),
            ["refusals"] = new JsonObject { ["type"] = "integer" },
            ["created_at"] = Time("When the event was written."),
            ["dead_lettered_at"] = Time("When it was set aside."),
        }),
        [ExecutionRequest] = Closed([], new()
        {
            ["max_parallel"] = Whole(1, 64, "Steps running at once (default Mplp:Execution:MaxParallelSteps, 4)."),
            ["step_timeout_seconds"] = Whole(1, 604800, "How long one attempt of a step may take (default Mplp:Execution:StepTimeout, 5 min)."),
            ["max_attempts"] = Whole(1, 20, "Attempts per step, the first included (default Mplp:Execution:MaxAttempts, 3)."),
        }),
        [ApprovalPolicy] = Closed([], new()
        {
            ["required_approvals"] = Whole(1, 100, "Approvals by distinct principals in allowed roles that approve the confirm (default 1)."),
            ["allowed_roles"] = new JsonObject { ["type"] = "array", ["items"] = Text("A decided_by_role that counts."), ["description"] = "Empty or absent: any role." },
            ["timeout_seconds"] = new JsonObject { ["type"] = Strings("integer", "null"), ["minimum"] = 1, ["description"] = "Without a resolution by then, on_timeout applies; absent: no timeout." },
            ["on_timeout"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("escalate", "reject", "cancel"), ["description"] = "Default reject. escalate: escalation_roles count too for another timeout, then it expires as rejected." },
            ["escalation_roles"] = new JsonObject { ["type"] = "array", ["items"] = Text("A role to escalate to.") },
            ["execute_plan"] = new JsonObject { ["type"] = "boolean", ["description"] = "Approving a plan target also starts its execution (default false; setting it needs plan:execute)." },
            ["allow_self_approval"] = new JsonObject { ["type"] = "boolean", ["description"] = "The confirm's creator and its target's author may approve too (default false; set only by someone who is neither)." },
        }),
        [ConfirmImport] = Closed(["confirm_id", "decision_ids", "imported_by", "imported_at"], new()
        {
            ["confirm_id"] = Id("The confirm, created with its decisions or resolved: an import."),
            ["decision_ids"] = new JsonObject { ["type"] = "array", ["items"] = Id("A decision it was created with: history, which never counts toward a round."), ["description"] = "Decisions made later through the API are not here." },
            ["imported_by"] = Text("Who created it."),
            ["imported_at"] = Time("When."),
        }),
        [SessionRequest] = Closed([], new()
        {
            ["rounds"] = Whole(1, 20, "Rounds (default 1): each participant gets one turn per round."),
            ["prompt"] = Text("What each turn asks (default 'your turn')."),
            ["turn_timeout_seconds"] = Whole(1, 86400, "How long a turn may take (default 300)."),
        }),
        [Session] = Closed(["session_id", "collab_id", "status", "turns"], new()
        {
            ["session_id"] = Text("The orchestration instance: collab-<collab_id>."),
            ["collab_id"] = Id("The collab."),
            ["status"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("running", "completed", "failed") },
            ["mode"] = new JsonObject { ["type"] = Strings("string", "null") },
            ["turns"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = Closed(["participant_id", "round", "status"], new()
                {
                    ["participant_id"] = Text("Whose turn."),
                    ["round"] = new JsonObject { ["type"] = "integer" },
                    ["status"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("completed", "failed", "timed_out") },
                    ["output"] = new JsonObject { ["type"] = Strings("string", "null"), ["description"] = "The participant's output (JSON text) or error." },
                }),
            },
        }),
        [WorkItem] = WorkItemSchema(),
        [AgentResult] = AgentResultSchema(),
        [ResultDelivery] = Closed(["work_id", "delivered"], new()
        {
            ["work_id"] = Id("As posted."),
            ["delivered"] = new JsonObject { ["type"] = "boolean", ["description"] = "False: no execution waits for it (late, duplicate, ended); it changed nothing." },
        }),
        [Execution] = Closed(["execution_id", "plan_id", "status", "completed_steps", "steps"], new()
        {
            ["execution_id"] = Text("The orchestration instance: plan-<plan_id>."),
            ["plan_id"] = Id("The plan."),
            ["status"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("running", "completed", "failed", "cancelled") },
            ["max_parallel"] = new JsonObject { ["type"] = Strings("integer", "null") },
            ["step_timeout_seconds"] = new JsonObject { ["type"] = Strings("number", "null") },
            ["max_attempts"] = new JsonObject { ["type"] = Strings("integer", "null") },
            ["completed_steps"] = new JsonObject { ["type"] = "integer" },
            ["total_steps"] = new JsonObject { ["type"] = Strings("integer", "null") },
            ["steps"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Each step's status by step_id: pending, in_progress, completed, failed, blocked or skipped.",
                ["additionalProperties"] = new JsonObject { ["type"] = "string" },
            },
        }),
        [WebhookSecret] = WebhookSecretSchema(),
        [WebhookDelivery] = WebhookDeliverySchema(),
    };

    private static JsonObject WorkItemSchema() => Closed(
        ["version", "kind", "work_id", "execution_id", "context_id", "attempt", "agent_role", "description", "deadline", "correlation_id", "reply_to", "claim_token"],
        new()
        {
            ["version"] = new JsonObject { ["const"] = 1 },
            ["kind"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("plan_step", "collab_turn") },
            ["work_id"] = Id("Unique per attempt; the result names it."),
            ["execution_id"] = Text("The execution the result goes back to."),
            ["plan_id"] = Id("plan_step: the plan."),
            ["step_id"] = Id("plan_step: the step."),
            ["collab_id"] = Id("collab_turn: the collab."),
            ["participant_id"] = Text("collab_turn: whose turn."),
            ["round"] = Whole(1, 20, "collab_turn: the round."),
            ["context_id"] = Id("The plan's context."),
            ["attempt"] = Whole(1, 20, "1 for the first attempt."),
            ["agent_role"] = Text("The step's agent_role."),
            ["description"] = Text("What to do."),
            ["deadline"] = Time("A result after it changes nothing."),
            ["correlation_id"] = Text("Ties the messages of one execution together."),
            ["trace_id"] = Id("The context's trace."),
            ["reply_to"] = Text("The queue to answer on."),
            ["claim_token"] = Text("The attempt's secret: echo it in the result, show it to nobody."),
        });

    private static JsonObject AgentResultSchema() => Closed(["version", "work_id", "execution_id", "status", "claim_token"], new()
    {
        ["version"] = new JsonObject { ["const"] = 1 },
        ["work_id"] = Id("The work item's work_id."),
        ["execution_id"] = Text("The work item's execution_id."),
        ["status"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("completed", "failed") },
        ["output"] = new JsonObject { ["description"] = "Any JSON the agent produced." },
        ["error"] = new JsonObject { ["type"] = Strings("string", "null") },
        ["claim_token"] = Text("The work item's claim_token: without it the result changes nothing (403 CLAIM_TOKEN_INVALID)."),
    });

    private static JsonObject Flag(string description) => new() { ["type"] = "boolean", ["description"] = description };

    private static JsonObject Whole(int min, int max, string description) => new()
    {
        ["type"] = "integer",
        ["minimum"] = min,
        ["maximum"] = max,
        ["description"] = description,
    };

    private static JsonObject KeyRecord(bool withSecret)
    {
        var properties = new JsonObject
        {
            ["api_key_id"] = Id("The key's id (also inside the key)."),
            ["principal"] = Text("The principal the key acts as."),
            ["name"] = new JsonObject { ["type"] = "string" },
            ["created_at"] = Time("When it was issued."),
            ["created_by"] = Text("Who issued it."),
            ["expires_at"] = Nullable(Time("When it stops working.")),
        };
        string[] required = ["api_key_id", "principal", "name", "created_at", "created_by", "expires_at"];
        if (withSecret)
        {
            properties["key"] = Text($"Send it as {Http.Auth.Authenticator.ApiKeyHeader}; it is not shown again.");
            return Closed([.. required, "key"], properties);
        }

        properties["revoked_at"] = Nullable(Time("When it was revoked."));
        return Closed([.. required, "revoked_at"], properties);
    }

    private static JsonObject Closed(string[] required, JsonObject properties) => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Strings(required),
        ["properties"] = properties,
    };

    private static JsonObject Text(string description) => new() { ["type"] = "string", ["minLength"] = 1, ["description"] = description };

    private static JsonObject Id(string description) => new() { ["type"] = "string", ["format"] = "uuid", ["description"] = description };

    private static JsonObject Time(string description) => new() { ["type"] = "string", ["format"] = "date-time", ["description"] = description };

    private static JsonObject Nullable(JsonObject schema)
    {
        schema["type"] = new JsonArray("string", "null");
        return schema;
    }
}
