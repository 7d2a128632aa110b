using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Plans;

public sealed class PlanApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string StepA = "11111111-1111-4111-8111-111111111111";
    private const string StepB = "22222222-2222-4222-8222-222222222222";

    [Fact(Timeout = 30_000)]
    public async Task Create_InExistingContext_Returns201WithPendingSteps()
    {
        var context = await NewContextAsync();

        var (response, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/plans/{plan["plan_id"]}", response.Headers.Location!.OriginalString);
        Assert.All(plan["steps"]!.AsArray(), s => Assert.Equal("pending", s!["status"]!.GetValue<string>()));
        ApiFixture.AssertValid("plan", plan);
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_MissingContext_Returns422AndStoresNothing()
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("REFERENCE_NOT_FOUND", problem["code"]!.GetValue<string>());
        Assert.Equal("/context_id", problem["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("cycle", "/steps/0/dependencies")]
    [InlineData("unknown", "/steps/0/dependencies/0")]
    [InlineData("duplicate", "/steps/1/step_id")]
    public async Task Create_BadStepGraph_Returns422WithPath(string defect, string path)
    {
        var context = await NewContextAsync();
        var steps = defect switch
        {
            "cycle" => new[] { Step(StepA, StepB), Step(StepB, StepA) },
            "unknown" => new[] { Step(StepA, Guid.NewGuid().ToString()), Step(StepB) },
            _ => new[] { Step(StepA), Step(StepA) },
        };

        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, steps));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("RULE_VIOLATION", problem["code"]!.GetValue<string>());
        Assert.Equal(path, problem["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("approved")]
    [InlineData("in_progress")]
    public async Task Create_ApprovedOrInProgress_Is400_ApprovalOnlyComesFromARound(string status)
    {
        var context = await api.NewContextAsync();
        var plan = new { context_id = context, title = "p", objective = "o", status, steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } } };

        var (refused, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", plan);
        var (control, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", plan with { status = "proposed" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("/status", problem["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, control.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_ToApproved_Returns409UseTheAction()
    {
        var plan = await NewPlanAsync(status: "proposed");

        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{plan}", new { status = "approved" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("TRANSITION_REQUIRES_ACTION", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Approve_ProposedPlan_IsApproved_DraftPlanIs409()
    {
        var proposed = await NewPlanAsync(status: "proposed");
        var draft = await NewPlanAsync(status: "draft");

        var (approved, body) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{proposed}/approve");
        var (refused, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{draft}/approve");

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("approved", body["status"]!.GetValue<string>());
        ApiFixture.AssertValid("plan", body);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("INVALID_STATE_TRANSITION", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_MoveToAnotherContext_Returns400()
    {
        var plan = await NewPlanAsync();

        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{plan}", new { context_id = await NewContextAsync() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("/context_id", problem["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task DeleteContext_WithAPlan_Returns409UntilThePlanIsGone()
    {
        var context = await NewContextAsync();
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context));

        var (blocked, problem) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/contexts/{context}");
        await api.SendAsync(HttpMethod.Delete, $"/api/v1/plans/{plan["plan_id"]}");
        var (deleted, _) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/contexts/{context}");

        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Equal("CONTEXT_HAS_DEPENDENTS", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Mutations_AppendEventsToTheContextTrace()
    {
        var (_, context) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" } });
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context["context_id"]!.GetValue<string>(), status: "proposed"));
        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan["plan_id"]}/approve");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var types = await api.EventTypesAsync(context["trace"]!["trace_id"]!.GetValue<string>(), 3, timeout.Token);

        Assert.Equal(["context.created", "plan.created", "plan.updated"], types);
    }

    [Fact(Timeout = 30_000)]
    public async Task List_ByContext_ReturnsOnlyThatContextsPlans()
    {
        var context = await NewContextAsync();
        var mine = await NewPlanAsync(context);
        await NewPlanAsync();

        var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans?context_id={context}");

        Assert.Equal([mine], page["items"]!.AsArray().Select(p => p!["plan_id"]!.GetValue<string>()));
    }

    private async Task<string> NewContextAsync()
    {
        var (_, context) = await api.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" }, status = "active" });
        return context["context_id"]!.GetValue<string>();
    }

    private async Task<string> NewPlanAsync(string? context = null, string status = "draft")
    {
        var (response, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context ?? await NewContextAsync(), status: status));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return plan["plan_id"]!.GetValue<string>();
    }

    private static JsonObject Plan(string context, JsonObject[]? steps = null, string status = "draft") => new()
    {
        ["context_id"] = context,
        ["title"] = "ship it",
        ["objective"] = "release",
        ["status"] = status,
        ["steps"] = new JsonArray([.. steps ?? [Step(StepA), Step(StepB, StepA)]]),
    };

    private static JsonObject Step(string id, params string[] dependencies) => new()
    {
        ["step_id"] = id,
        ["description"] = "work",
        ["dependencies"] = new JsonArray([.. dependencies.Select(d => (JsonNode?)d)]),
    };
}
