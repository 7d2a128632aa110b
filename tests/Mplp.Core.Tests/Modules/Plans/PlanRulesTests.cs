using System.Text.Json.Nodes;
using Mplp.Core.Modules.Plans;

namespace Mplp.Core.Tests.Modules.Plans;

public sealed class PlanRulesTests
{
    private const string A = "11111111-1111-4111-8111-111111111111";
    private const string B = "22222222-2222-4222-8222-222222222222";
    private const string C = "33333333-3333-4333-8333-333333333333";

    [Fact(Timeout = 5_000)]
    public async Task Check_Dag_HasNoErrors()
    {
        await Task.Yield();
        Assert.Empty(PlanRules.Check(Plan(Step(A), Step(B, A), Step(C, A, B))));
    }

    [Fact(Timeout = 5_000)]
    public async Task Check_DuplicateStepId_NamesTheSecondStep()
    {
        await Task.Yield();
        var error = Assert.Single(PlanRules.Check(Plan(Step(A), Step(A))));
        Assert.Equal("/steps/1/step_id", error.Path);
    }

    [Fact(Timeout = 5_000)]
    public async Task Check_UnknownOrSelfDependency_NamesTheDependency()
    {
        await Task.Yield();
        var errors = PlanRules.Check(Plan(Step(A, C), Step(B, B)));

        Assert.Equal(["/steps/0/dependencies/0", "/steps/1/dependencies/0"], errors.Select(e => e.Path));
    }

    [Fact(Timeout = 5_000)]
    public async Task Check_Cycle_IsReportedWithItsSteps()
    {
        await Task.Yield();
        var error = Assert.Single(PlanRules.Check(Plan(Step(A, C), Step(B, A), Step(C, B))));

        Assert.Equal("/steps/0/dependencies", error.Path);
        Assert.Contains("0 -> 2 -> 1 -> 0", error.Message, StringComparison.Ordinal);
    }

    private static JsonObject Plan(params JsonObject[] steps) => new() { ["steps"] = new JsonArray(steps) };

    private static JsonObject Step(string id, params string[] dependencies) => new()
    {
        ["step_id"] = id,
        ["description"] = "d",
        ["status"] = "pending",
        ["dependencies"] = new JsonArray([.. dependencies.Select(d => (JsonNode?)d)]),
    };
}
