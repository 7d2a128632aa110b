using System.Text.Json.Nodes;
using Mplp.Core.Configuration;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Protocol;

namespace Mplp.Core.Tests.Modules.Plans;

public sealed class PlanRulesTests
{
    private const string A = "11111111-1111-4111-8111-111111111111";
    private const string B = "22222222-2222-4222-8222-222222222222";
    private const string C = "33333333-3333-4333-8333-333333333333";

    [Fact]
    public void Check_Dag_HasNoErrors()
    {
        Assert.Empty(PlanRules.Check(Plan(Step(A), Step(B, A), Step(C, A, B))));
    }

    [Fact]
    public void Check_DuplicateStepId_NamesTheSecondStep()
    {
        var error = Assert.Single(PlanRules.Check(Plan(Step(A), Step(A))));
        Assert.Equal("/steps/1/step_id", error.Path);
    }

    [Fact]
    public void Check_UnknownOrSelfDependency_NamesTheDependency()
    {
        var errors = PlanRules.Check(Plan(Step(A, C), Step(B, B)));

        Assert.Equal(["/steps/0/dependencies/0", "/steps/1/dependencies/0"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Check_Cycle_IsReportedWithItsSteps()
    {
        var error = Assert.Single(PlanRules.Check(Plan(Step(A, C), Step(B, A), Step(C, B))));

        Assert.Equal("/steps/0/dependencies", error.Path);
        Assert.Contains("0 -> 2 -> 1 -> 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ChainAtTheStepLimitOnASmallStack_HasNoErrors()
    {
        var chain = Chain(new LimitsOptions().MaxPlanSteps);

        Assert.Empty(await OnSmallStackAsync(() => PlanRules.Check(Plan(chain))));
    }

    [Fact]
    public async Task Check_CycleThroughAChainAtTheStepLimitOnASmallStack_IsReported()
    {
        var chain = Chain(new LimitsOptions().MaxPlanSteps);
        // The last step depends on the first: every step is on the cycle.
        chain[^1]["dependencies"]!.AsArray().Add(chain[0]["step_id"]!.GetValue<string>());

        var error = Assert.Single(await OnSmallStackAsync(() => PlanRules.Check(Plan(chain))));

        Assert.Equal("/steps/0/dependencies", error.Path);
        Assert.EndsWith($"through steps {string.Join(" -> ", Enumerable.Range(0, chain.Length))} -> 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ChainFarBeyondTheStepLimit_HasNoErrors()
    {
        // The rules hold for any length (the cap is checked elsewhere); a recursive walk overflows here.
        Assert.Empty(PlanRules.Check(Plan(Chain(200_000))));
    }

    /// <summary>Each step depends on the next one, so a walk from the first goes through all of them.</summary>
    private static JsonObject[] Chain(int length)
    {
        var ids = Enumerable.Range(0, length).Select(_ => Guid.NewGuid().ToString()).ToArray();
        return [.. ids.Select((id, i) => i == length - 1 ? Step(id) : Step(id, ids[i + 1]))];
    }

    /// <summary>
    /// Runs the check on a thread with a small stack, so that a walk using stack per step fails at
    /// the step limit already (a stack overflow ends the test process: that is the failure).
    /// </summary>
    private static Task<IReadOnlyList<SchemaError>> OnSmallStackAsync(Func<IReadOnlyList<SchemaError>> check)
    {
        var result = new TaskCompletionSource<IReadOnlyList<SchemaError>>();
        var thread = new Thread(() => result.SetResult(check()), maxStackSize: 128 * 1024);
        thread.Start();
        return result.Task;
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
