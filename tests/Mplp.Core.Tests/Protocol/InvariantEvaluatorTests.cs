using System.Text.Json.Nodes;
using Mplp.Testing.Protocol;

namespace Mplp.Core.Tests.Protocol;

/// <summary>
/// The invariant evaluator on the official golden flows (Protocol/Golden: each flow's expected objects
/// and its invariants.yaml; Protocol/GoldenInvariants: golden/invariants; Apache-2.0): they hold as
/// published, and broken copies are caught.
/// </summary>
public sealed class InvariantEvaluatorTests
{
    private const string ConfirmFlow = "flow-05-single-agent-confirm-required";
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Protocol", "Golden");

    public static TheoryData<string> GoldenFlows()
    {
        var flows = new TheoryData<string>();
        foreach (var flow in Directory.GetDirectories(Golden))
        {
            flows.Add(Path.GetFileName(flow));
        }

        return flows;
    }

    [Theory]
    [MemberData(nameof(GoldenFlows))]
    public void Evaluate_GoldenFlow_ItsOwnAndTheProfilesInvariantsHold(string flow)
    {
        var objects = ObjectsOf(flow);
        var invariants = FlowInvariants(flow).Concat(Invariant.Protocol("sa")).Concat(Invariant.Protocol("map").Where(i => i.Rule is not null)).ToList();

        var violations = InvariantEvaluator.Evaluate(invariants, objects);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        // The flow's own invariants all applied: each names a scope the flow has.
        Assert.All(FlowInvariants(flow), i => Assert.Contains(i.Scope!, objects.Keys));
    }

    [Theory]
    [InlineData("sa-flow-02-step-evaluation", "plan", "/steps/1/step_id", "\"not-a-uuid\"", "sa02_step_ids_uuid")]
    [InlineData("sa-flow-02-step-evaluation", "plan", "/steps/0/agent_role", "\"  \"", "sa02_steps_have_agent_role")]
    [InlineData("sa-flow-01-basic", "context", "/status", "\"suspended\"", "flow01_context_active")]
    [InlineData("sa-flow-01-basic", "plan", "/context_id", "\"650e8400-e29b-41d4-a716-446655443000\"", "flow01_plan_context_matches")]
    [InlineData("sa-flow-01-basic", "plan", "/steps", "[]", "sa01_plan_has_steps")]
    [InlineData("map-flow-01-turn-taking", "collab", "/mode", "\"broadcast\"", "map01_collab_mode_round_robin")]
    [InlineData("map-flow-01-turn-taking", "collab", "/participants/1/kind", "\"robot\"", "map_participant_kind_valid")]
    [InlineData("map-flow-02-broadcast-fanout", "collab", "/participants/0/role_id", "7", "map_role_ids_non_empty")]
    [InlineData("flow-05-single-agent-confirm-required", "confirm", "/target_id", "\"550e8400-e29b-41d4-a716-446655440599\"", "flow05_confirm_target_matches_plan")]
    [InlineData("flow-05-single-agent-confirm-required", "trace", "/events", "[]", "sa_trace_not_empty")]
    public void Evaluate_BrokenCopyOfAGoldenFlow_NamesTheBrokenInvariant(string flow, string scope, string pointer, string value, string broken)
    {
        var objects = ObjectsOf(flow);
        Set(objects[scope], pointer, JsonNode.Parse(value));
        var invariants = FlowInvariants(flow).Concat(Invariant.Protocol("sa")).Concat(Invariant.Protocol("map").Where(i => i.Rule is not null));

        var violations = InvariantEvaluator.Evaluate(invariants, objects);

        Assert.Contains(violations, v => v.InvariantId == broken);
    }

    [Theory]
    [InlineData("runtime_execution", "executor_kind", "robot", "obs_runtime_executor_kind_valid")]
    [InlineData("pipeline_stage", "stage_status", "done", "obs_pipeline_stage_status_valid")]
    [InlineData("graph_update", "graph_id", "550e8400-e29b-51d4-a716-446655440000", "obs_graph_event_has_graph_id")]
    [InlineData("pipeline_stage", "timestamp", "yesterday", "obs_timestamp_iso_format")]
    [InlineData("pipeline_stage", "event_family", "cost_center", "obs_event_family_valid")]
    public void Evaluate_ObservabilityEvent_ConditionalRulesApplyToTheirFamilyOnly(string family, string field, string value, string broken)
    {
        var valid = FamilyEvent(family);
        var invalid = FamilyEvent(family);
        invalid[field] = value;
        var observability = Invariant.Protocol("observability");

        Assert.Empty(InvariantEvaluator.Evaluate(observability, new Dictionary<string, JsonNode> { ["event"] = valid }));
        Assert.Contains(InvariantEvaluator.Evaluate(observability, new Dictionary<string, JsonNode> { ["event"] = invalid }), v => v.InvariantId == broken);
    }

    [Theory]
    [InlineData("context")]
    [InlineData("plan")]
    [InlineData("trace")]
    [InlineData("confirm")]
    public void Evaluate_GoldenModuleInvariants_HoldOnTheConfirmFlow(string module)
    {
        var violations = InvariantEvaluator.Evaluate(GoldenInvariants(module), ObjectsOf(ConfirmFlow), defaultScope: module);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Theory]
    [InlineData("pending", "looks fine", "status_must_be_valid_enum")]
    [InlineData("rejected", "", "rejected_must_have_reason")]
    public void Evaluate_BrokenConfirm_FailsOneOfOrItsCondition(string status, string reason, string broken)
    {
        var objects = ObjectsOf(ConfirmFlow);
        objects["confirm"]["status"] = status;
        objects["confirm"]["reason"] = reason;

        var violations = InvariantEvaluator.Evaluate(GoldenInvariants("confirm"), objects, defaultScope: "confirm");

        Assert.Equal([broken], violations.Select(v => v.InvariantId));
    }

    [Fact]
    public void Evaluate_ApprovedConfirmWithoutReason_HoldsSinceOnlyARejectionNeedsOne()
    {
        var objects = ObjectsOf(ConfirmFlow);
        objects["confirm"].AsObject().Remove("reason");

        Assert.Empty(InvariantEvaluator.Evaluate(GoldenInvariants("confirm"), objects, defaultScope: "confirm"));
    }

    [Fact]
    public void Evaluate_FieldOfAnotherFamily_IsNotChecked()
    {
        // executor_kind is a runtime_execution field: on a pipeline_stage event it is not the rule's business.
        var stage = FamilyEvent("pipeline_stage");
        stage["executor_kind"] = "robot";

        Assert.Empty(InvariantEvaluator.Evaluate(Invariant.Protocol("observability"), new Dictionary<string, JsonNode> { ["event"] = stage }));
    }

    [Fact]
    public void Evaluate_MapTraceWithEveryTurnCompletedAndABroadcastReceived_Holds_AndMissingOnesAreNamed()
    {
        var session = "650e8400-e29b-41d4-a716-446655443002";
        JsonObject Event(string type, int? turn = null) => new()
        {
            ["event_type"] = type,
            ["session_id"] = session,
            ["payload"] = turn is null ? new JsonObject() : new JsonObject { ["role_id"] = "r1", ["turn_number"] = turn },
        };
        var map = Invariant.Protocol("map").Where(i => i.Rule is null).ToList();
        var complete = new JsonObject { ["events"] = new JsonArray(Event("MAPTurnDispatched", 1), Event("MAPTurnCompleted", 1), Event("MAPBroadcastSent"), Event("MAPBroadcastReceived")) };
        var broken = new JsonObject { ["events"] = new JsonArray(Event("MAPTurnDispatched", 1), Event("MAPTurnDispatched", 2), Event("MAPTurnCompleted", 1), Event("MAPBroadcastSent")) };

        Assert.Equal(2, map.Count);
        Assert.Empty(InvariantEvaluator.Evaluate(map, new Dictionary<string, JsonNode> { ["trace"] = complete }));
        Assert.Equal(
            ["map_turn_completion_matches_dispatch", "map_broadcast_has_receivers"],
            InvariantEvaluator.Evaluate(map, new Dictionary<string, JsonNode> { ["trace"] = broken }).Select(v => v.InvariantId));
    }

    [Theory]
    [InlineData("optional-string", null, true)]
    [InlineData("optional-string", "42", false)]
    [InlineData("iso-datetime", "\"2025-12-01T12:01:00.000Z\"", true)]
    [InlineData("iso-datetime", "\"2025-12-01 12:01\"", false)]
    [InlineData("uuid-v4", "\"550E8400-E29B-41D4-A716-446655440000\"", false)]
    [InlineData("min-length(2)", "[1]", false)]
    [InlineData("eq(\"1.0.0\")", "\"1.0.0\"", true)]
    [InlineData("exists", null, false)]
    public void Check_Rule_AcceptsWhatItAllows(string rule, string? value, bool holds)
        => Assert.Equal(holds, InvariantEvaluator.Check(rule, value is null ? null : JsonNode.Parse(value), new Dictionary<string, JsonNode>()) is null);

    [Fact]
    public void Check_UnknownRule_Throws()
        => Assert.Throws<NotSupportedException>(() => InvariantEvaluator.Check("shiny(1)", null, new Dictionary<string, JsonNode>()));

    private static IReadOnlyList<Invariant> GoldenInvariants(string module)
        => Invariant.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Protocol", "GoldenInvariants", $"{module}.yaml")));

    private static IReadOnlyList<Invariant> FlowInvariants(string flow) => Invariant.Parse(File.ReadAllText(Path.Combine(Golden, flow, "invariants.yaml")));

    private static Dictionary<string, JsonNode> ObjectsOf(string flow)
        => Directory.GetFiles(Path.Combine(Golden, flow), "*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonNode.Parse(File.ReadAllText(f))!);

    private static void Set(JsonNode root, string pointer, JsonNode? value)
    {
        var parts = pointer.Trim('/').Split('/');
        var parent = parts[..^1].Aggregate(root, (node, part) => node is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!);
        if (parent is JsonArray items)
        {
            items[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[parts[^1]] = value;
        }
    }

    private static JsonObject FamilyEvent(string family) => new()
    {
        ["event_id"] = "550e8400-e29b-41d4-a716-446655440000",
        ["event_type"] = $"{family}_changed",
        ["event_family"] = family,
        ["timestamp"] = "2025-12-01T12:01:00.000Z",
        ["pipeline_id"] = "550e8400-e29b-41d4-a716-446655440001",
        ["stage_id"] = "build",
        ["stage_status"] = "running",
        ["graph_id"] = "550e8400-e29b-41d4-a716-446655440002",
        ["update_kind"] = "bulk",
        ["execution_id"] = "550e8400-e29b-41d4-a716-446655440003",
        ["executor_kind"] = "agent",
        ["status"] = "running",
    };
}
