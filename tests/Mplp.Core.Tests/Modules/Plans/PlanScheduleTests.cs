using System.Text.Json.Nodes;
using Mplp.Core.Modules.Plans;
using static Mplp.Core.Modules.Plans.PlanSchedule;

namespace Mplp.Core.Tests.Modules.Plans;

public sealed class PlanScheduleTests
{
    [Fact]
    public void StepsOf_AStoredPlan_TakesEachStepsFields_DefaultsLast()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var plan = JsonNode.Parse($$"""
            {"steps":[
              {"step_id":"{{a}}","description":"build","order_index":2,"agent_role":"builder"},
              {"step_id":"{{b}}","description":"test","dependencies":["{{a}}"]}
            ]}
            """)!.AsObject();

        var steps = StepsOf(plan);

        Assert.Equal((a, 2, 0, "builder", "build"), (steps[0].StepId, steps[0].OrderIndex, steps[0].Position, steps[0].AgentRole, steps[0].Description));
        Assert.Equal((b, int.MaxValue, 1, "default"), (steps[1].StepId, steps[1].OrderIndex, steps[1].Position, steps[1].AgentRole));
        Assert.Equal([a], steps[1].Dependencies);
    }

    [Fact]
    public void Ready_PendingStepsWithCompletedDependencies_ByOrderIndexThenPosition()
    {
        var done = Step(0, 0);
        var waiting = Step(1, 1, done.StepId);
        var blockedBehind = Step(0, 2, waiting.StepId);
        var late = Step(5, 3);
        var early = Step(1, 4);
        var status = Status((done, Completed), (waiting, Pending), (blockedBehind, Pending), (late, Pending), (early, Pending));

        Assert.Equal([waiting, early, late], Ready([done, waiting, blockedBehind, late, early], status));
    }

    [Fact]
    public void Ready_StepsNotPending_AreNeverReady()
    {
        PlanStep running = Step(0, 0), failed = Step(0, 1), blocked = Step(0, 2);

        Assert.Empty(Ready([running, failed, blocked], Status((running, InProgress), (failed, Failed), (blocked, Blocked))));
    }

    [Fact]
    public void DependentsOf_AFailedStep_IsEveryStepBehindIt_DirectlyOrNot()
    {
        var failed = Step(0, 0);
        var direct = Step(0, 1, failed.StepId);
        var transitive = Step(0, 2, direct.StepId);
        var unrelated = Step(0, 3);

        var dependents = DependentsOf([failed, direct, transitive, unrelated], failed.StepId);

        Assert.True(dependents.SetEquals([direct.StepId, transitive.StepId]), string.Join(", ", dependents));
    }

    private static PlanStep Step(int orderIndex, int position, params Guid[] dependencies)
        => new(Guid.NewGuid(), dependencies, orderIndex, position, "builder", $"step {position}");

    private static Dictionary<Guid, string> Status(params (PlanStep Step, string Status)[] steps) => steps.ToDictionary(s => s.Step.StepId, s => s.Status);
}
