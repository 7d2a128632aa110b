using System.Text.Json.Nodes;
using Mplp.Core.Modules.EvidencePacks;

namespace Mplp.Core.Tests.Modules.EvidencePacks;

public sealed class LabEvidenceTests
{
    [Fact]
    public void Observe_FailedExecution_TerminalStateAndTerminationReason()
    {
        var evidence = new LabEvidence();

        evidence.Observe(7, Event("e7", "sa.completed", """{"payload":{"status":"failed"}}"""));

        Assert.Equal([Kv("to_state", "failed"), Kv("termination_reason", "failure")], evidence.FieldsOf(7));
        Assert.Equal([LabEvidence.TerminalState, LabEvidence.Termination], RequirementsOf(evidence, (7, "e7")));
    }

    [Fact]
    public void Observe_CompletedExecution_TerminalStateOnlyNeverATermination()
    {
        var evidence = new LabEvidence();

        evidence.Observe(1, Event("e1", "sa.completed", """{"payload":{"status":"completed"}}"""));

        Assert.Equal([Kv("to_state", "completed")], evidence.FieldsOf(1));
        Assert.Equal([LabEvidence.TerminalState], RequirementsOf(evidence, (1, "e1")));
    }

    [Fact]
    public void Observe_SilentAgent_TimeoutTermination()
    {
        var evidence = new LabEvidence();

        evidence.Observe(3, Event("e3", "runtime.execution.failed", """{"outcome":"timed_out"}"""));

        Assert.Equal([Kv("termination_reason", "timeout")], evidence.FieldsOf(3));
    }

    [Fact]
    public void MatchDecisions_ConfirmImportedWithADecision_TheEventGetsTheLaterDecision()
    {
        var evidence = new LabEvidence();
        var pending = evidence.Observe(5, Event("e5", "confirm.updated", """{"confirm_id":"c1","changed":["decisions","status"],"actor":"reviewer"}"""));

        evidence.MatchDecisions(new Dictionary<string, ConfirmDecisionsSeen> { ["c1"] = new("plan/p1", ["approved", "rejected"]) });

        Assert.True(pending);
        Assert.Equal(
            [Kv("decision_kind", "authz"), Kv("subject", "reviewer"), Kv("resource", "plan/p1"), Kv("action", "approve"), Kv("outcome", "deny")],
            evidence.FieldsOf(5));
        Assert.Equal([LabEvidence.AuthorizationDecision], RequirementsOf(evidence, (5, "e5")));
    }

    [Fact]
    public void Observe_OtherEvents_NoFieldsNoPointers()
    {
        var evidence = new LabEvidence();

        var pending = evidence.Observe(2, Event("e2", "confirm.updated", """{"confirm_id":"c1","changed":["status"]}"""));
        evidence.Observe(4, Event("e4", "plan.updated", """{"status_to":"completed"}"""));

        Assert.False(pending);
        Assert.Empty(evidence.FieldsOf(2));
        Assert.Empty(RequirementsOf(evidence, (2, "e2"), (4, "e4")));
    }

    private static KeyValuePair<string, string> Kv(string key, string value) => new(key, value);

    private static JsonObject Event(string id, string type, string data)
        => new() { ["event_id"] = id, ["event_type"] = type, ["data"] = JsonNode.Parse(data) };

    private static List<string> RequirementsOf(LabEvidence evidence, params (long, string)[] timeline)
        => [.. evidence.Pointers(timeline)["pointers"]!.AsArray().Select(p => p!["requirement_id"]!.GetValue<string>())];
}
