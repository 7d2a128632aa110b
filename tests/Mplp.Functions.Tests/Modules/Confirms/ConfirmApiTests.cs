using System.Net;

namespace Mplp.Functions.Tests.Modules.Confirms;

public sealed class ConfirmApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 30_000)]
    public async Task Approve_PlanTarget_ApprovesThePlan()
    {
        var plan = await NewProposedPlanAsync();
        var confirm = await NewConfirmAsync("plan", plan);
        using var lead = await api.ReviewerAsync();

        var (decided, body) = await api.DecideAsync(lead, confirm);
        var (_, approvedPlan) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("approved", body["status"]!.GetValue<string>());
        var decision = Assert.Single(body["decisions"]!.AsArray());
        Assert.Equal(lead.Role, decision!["decided_by_role"]!.GetValue<string>());
        ApiFixture.AssertValid("confirm", body);
        Assert.Equal("approved", approvedPlan["status"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task RejectResubmitApprove_KeepsEveryDecision()
    {
        var confirm = await NewConfirmAsync("context", await api.NewContextAsync());
        using var lead = await api.ReviewerAsync();

        await api.DecideAsync(lead, confirm, "rejected");
        var (resubmitted, pending) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/resubmit");
        // A resubmission starts a new round: the same reviewer decides again.
        var (_, approved) = await api.DecideAsync(lead, confirm);

        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        Assert.Equal(["rejected", "approved"], approved["decisions"]!.AsArray().Select(d => d!["status"]!.GetValue<string>()));
    }

    [Fact(Timeout = 30_000)]
    public async Task Decide_OnApprovedConfirm_Returns409()
    {
        var confirm = await NewConfirmAsync("context", await api.NewContextAsync());
        using var lead = await api.ReviewerAsync();
        await api.DecideAsync(lead, confirm);

        var (response, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/decisions", new { status = "rejected", decided_by_role = "lead" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("READ_ONLY_STATE", problem["code"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task Approve_DraftPlan_Returns409AndRecordsNothing()
    {
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new
        {
            context_id = await api.NewContextAsync(),
            title = "p",
            objective = "o",
            steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } },
        });
        var confirm = await NewConfirmAsync("plan", plan["plan_id"]!.GetValue<string>());
        using var lead = await api.ReviewerAsync();

        var (response, problem) = await api.DecideAsync(lead, confirm);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("TARGET_NOT_APPROVABLE", problem["code"]!.GetValue<string>());
        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}");
        Assert.Empty(stored["decisions"]!.AsArray());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("plan", HttpStatusCode.UnprocessableEntity, "REFERENCE_NOT_FOUND")]
    [InlineData("other", HttpStatusCode.UnprocessableEntity, "RULE_VIOLATION")]
    public async Task Create_TargetThatCannotBeFound_Returns422(string targetType, HttpStatusCode expected, string code)
    {
        var (response, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", Confirm(targetType, Guid.NewGuid().ToString()));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"status":"maybe","decided_by_role":"lead"}""")]
    [InlineData("""{"status":"approved"}""")]
    public async Task Decide_BadDecision_Returns400(string decision)
    {
        var confirm = await NewConfirmAsync("context", await api.NewContextAsync());
        using var lead = await api.ReviewerAsync();

        var (response, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/decisions", decision, client: lead.Client);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_StatusApproved_NeedsADecision()
    {
        var confirm = await NewConfirmAsync("context", await api.NewContextAsync());

        var (response, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/confirms/{confirm}", new { status = "approved" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("TRANSITION_REQUIRES_ACTION", problem["code"]!.GetValue<string>());
    }

    private async Task<string> NewProposedPlanAsync()
    {
        var (response, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new
        {
            context_id = await api.NewContextAsync(),
            title = "p",
            objective = "o",
            status = "proposed",
            steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return plan["plan_id"]!.GetValue<string>();
    }

    private async Task<string> NewConfirmAsync(string targetType, string targetId)
    {
        var (response, confirm) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", Confirm(targetType, targetId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        ApiFixture.AssertValid("confirm", confirm);
        return confirm["confirm_id"]!.GetValue<string>();
    }

    private static object Confirm(string targetType, string targetId) => new { target_type = targetType, target_id = targetId, requested_by_role = "planner" };
}
