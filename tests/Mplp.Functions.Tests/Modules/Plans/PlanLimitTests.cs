using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Configuration;

namespace Mplp.Functions.Tests.Modules.Plans;

/// <summary>A plan holds at most <c>Mplp:Limits:MaxPlanSteps</c> steps (default 1,000) and a document at most <c>MaxDocumentBytes</c>.</summary>
[Collection(LimitsFixture.Collection)]
public sealed class PlanLimitTests(LimitsFixture api)
{
    private static readonly int MaxSteps = new LimitsOptions().MaxPlanSteps;

    [Fact(Timeout = 120_000)]
    public async Task Create_ChainAtTheStepLimit_IsStoredReadListedAndPatched()
    {
        var (context, client) = await api.ContextAndClientAsync("plan:write", "plan:read");

        var (created, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, Chain(MaxSteps)), client: client);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = plan["plan_id"]!.GetValue<string>();
        var (read, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{id}", client: client);
        var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans?context_id={context}", client: client);
        var (patched, renamed) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{id}", new { title = "renamed" }, client: client);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(MaxSteps, stored["steps"]!.AsArray().Count);
        ApiFixture.AssertValid("plan", stored);
        Assert.Equal([id], page["items"]!.AsArray().Select(p => p!["plan_id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("renamed", renamed["title"]!.GetValue<string>());
    }

    [Fact(Timeout = 120_000)]
    public async Task Create_OneStepOverTheLimit_Returns422AndStoresNothing()
    {
        var (context, client) = await api.ContextAndClientAsync("plan:write", "plan:read");

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, Chain(MaxSteps + 1)), client: client);

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.UnprocessableEntity, "RULE_VIOLATION", "/steps");
        var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans?context_id={context}", client: client);
        Assert.Empty(page["items"]!.AsArray());
    }

    [Fact(Timeout = 120_000)]
    public async Task Patch_StepsPastTheLimit_Returns422AndChangesNothing()
    {
        var (context, client) = await api.ContextAndClientAsync("plan:write", "plan:read");
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, Chain(MaxSteps)), client: client);
        var id = plan["plan_id"]!.GetValue<string>();

        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{id}", new JsonObject { ["steps"] = new JsonArray(Chain(MaxSteps + 1)) }, client: client);

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.UnprocessableEntity, "RULE_VIOLATION", "/steps");
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{id}", client: client);
        Assert.Equal(MaxSteps, stored["steps"]!.AsArray().Count);
    }

    [Fact(Timeout = 120_000)]
    public async Task Create_CycleThroughAChainAtTheStepLimit_Returns422()
    {
        var (context, client) = await api.ContextAndClientAsync("plan:write", "plan:read");
        var steps = Chain(MaxSteps);
        steps[^1]["dependencies"]!.AsArray().Add(steps[0]["step_id"]!.GetValue<string>());

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, steps), client: client);

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.UnprocessableEntity, "RULE_VIOLATION", "/steps/0/dependencies");
    }

    [Fact(Timeout = 120_000)]
    public async Task Create_TextThatEscapingMakesTooLarge_Returns413AndStoresNothing()
    {
        var (context, client) = await api.ContextAndClientAsync("plan:write", "plan:read");
        var plan = Plan(context, Chain(1));
        // 800 KB of UTF-8 in the body (under the body limit), 2.4 MB once stored as \u00e9 escapes.
        plan["objective"] = new string('é', 400_000);

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Unescaped(plan), client: client);

        LimitsFixture.AssertProblem(response, problem, HttpStatusCode.RequestEntityTooLarge, "DOCUMENT_TOO_LARGE");
        var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans?context_id={context}", client: client);
        Assert.Empty(page["items"]!.AsArray());
    }

    [Fact(Timeout = 120_000)]
    public async Task Create_TextUnderTheSizeLimit_IsStored()
    {
        var (context, client) = await api.ContextAndClientAsync("plan:write", "plan:read");
        var plan = Plan(context, Chain(1));
        plan["objective"] = new string('é', 100_000);

        var (response, stored) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Unescaped(plan), client: client);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(100_000, stored["objective"]!.GetValue<string>().Length);
    }

    /// <summary>Each step depends on the next one: the longest path a plan of this length can have.</summary>
    private static JsonObject[] Chain(int length)
    {
        var ids = Enumerable.Range(0, length).Select(_ => Guid.NewGuid().ToString()).ToArray();
        return [.. ids.Select((id, i) => new JsonObject
        {
            ["step_id"] = id,
            ["description"] = $"step {i}",
            ["status"] = "pending",
            ["dependencies"] = i == length - 1 ? new JsonArray() : new JsonArray(ids[i + 1]),
        })];
    }

    private static JsonObject Plan(string context, JsonObject[] steps) => new()
    {
        ["context_id"] = context,
        ["title"] = "long",
        ["objective"] = "many steps",
        ["status"] = "draft",
        ["steps"] = new JsonArray(steps),
    };

    /// <summary>The JSON text a client may send: non-ASCII as UTF-8, not escaped.</summary>
    private static string Unescaped(JsonObject body)
        => body.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
