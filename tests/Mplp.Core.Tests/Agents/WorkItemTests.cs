using System.Text.Json;
using Mplp.Core.Agents;

namespace Mplp.Core.Tests.Agents;

public sealed class WorkItemTests
{
    private const string ExecutionId = "plan-execution";
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static readonly Guid WorkId = Guid.NewGuid();
    private static readonly Guid ContextId = Guid.NewGuid();
    private static readonly Guid TraceId = Guid.NewGuid();
    private static readonly DateTimeOffset Deadline = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void ForPlanStep_AnAttempt_IsThatAttemptOfTheStepCorrelatedByItsExecution()
    {
        var (planId, stepId) = (Guid.NewGuid(), Guid.NewGuid());

        var work = WorkItem.ForPlanStep(planId, stepId, 3, Order("coder", "write the parser"));

        Assert.Equal(
            new WorkItem(AgentProtocol.Version, WorkItem.PlanStep, WorkId, ExecutionId, ContextId, 3, "coder", "write the parser", Deadline, ExecutionId, TraceId,
                "results", PlanId: planId, StepId: stepId, TraceParent: TraceParent),
            work);
    }

    [Fact]
    public void ForCollabTurn_AnyRound_IsTheTurnsOnlyAttemptCorrelatedByItsSession()
    {
        var collabId = Guid.NewGuid();

        var work = WorkItem.ForCollabTurn(collabId, "reviewer-1", 2, Order("reviewer", "your turn"));

        Assert.Equal(
            new WorkItem(AgentProtocol.Version, WorkItem.CollabTurn, WorkId, ExecutionId, ContextId, 1, "reviewer", "your turn", Deadline, ExecutionId, TraceId,
                "results", CollabId: collabId, ParticipantId: "reviewer-1", Round: 2, TraceParent: TraceParent),
            work);
    }

    [Fact]
    public void ForPlanStep_OnTheQueue_CarriesNoCollabFieldsAndNoClaimTokenYet()
    {
        var json = JsonSerializer.SerializeToNode(WorkItem.ForPlanStep(Guid.NewGuid(), Guid.NewGuid(), 1, Order("coder", "do it")), AgentProtocol.Json)!.AsObject();

        Assert.Equal("plan_step", json["kind"]!.GetValue<string>());
        Assert.Equal(ExecutionId, json["correlation_id"]!.GetValue<string>());
        Assert.Equal(TraceParent, json["traceparent"]!.GetValue<string>());
        Assert.False(json.ContainsKey("collab_id") || json.ContainsKey("participant_id") || json.ContainsKey("round") || json.ContainsKey("claim_token"));
    }

    private static WorkOrder Order(string role, string description)
        => new(WorkId, ExecutionId, ContextId, role, description, Deadline, TraceId, "results", TraceParent);
}
