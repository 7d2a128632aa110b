using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Confirms;

/// <summary>
/// Approvals that one principal cannot bypass: each test attacks a rule as a principal holding one
/// legitimate role, and its control shows the allowed path still works.
/// </summary>
public sealed class ApprovalRulesApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 90_000)]
    public async Task Quorum_OneReviewerApprovingTwice_IsRefusedAndCountsOnce()
    {
        var (plan, confirm, context) = await ConfirmOnProposedPlanAsync();
        using var first = await api.ReviewerAsync(context);
        using var second = await api.ReviewerAsync(context);
        await SetPolicyAsync(confirm, new { required_approvals = 2 });

        await api.DecideAsync(first, confirm);
        var (again, problem) = await api.DecideAsync(first, confirm);
        await Task.Delay(1_500);
        var (_, stillPending) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}");
        var (control, _) = await api.DecideAsync(second, confirm);
        await api.StatusAsync($"/api/v1/confirms/{confirm}", "approved");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("ALREADY_DECIDED", problem["code"]!.GetValue<string>());
        Assert.Equal("pending", stillPending["status"]!.GetValue<string>());
        Assert.Single(stillPending["decisions"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        await api.StatusAsync($"/api/v1/plans/{plan}", "approved");
    }

    [Fact(Timeout = 90_000)]
    public async Task Quorum_OneReviewerApprovingFiveTimesAtOnce_RecordsOneDecision()
    {
        var (_, confirm, context) = await ConfirmOnProposedPlanAsync();
        using var reviewer = await api.ReviewerAsync(context);
        await SetPolicyAsync(confirm, new { required_approvals = 2 });

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => api.DecideAsync(reviewer, confirm)));
        await Task.Delay(1_500);
        var (_, pending) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}");

        Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Response.StatusCode != HttpStatusCode.OK), a => Assert.Equal("ALREADY_DECIDED", a.Body["code"]!.GetValue<string>()));
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Single(pending["decisions"]!.AsArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task Decide_ByThePlansAuthorWhoCreatedTheConfirmAndHoldsTheReviewerRole_Is403()
    {
        var context = await api.NewContextAsync();
        using var author = await api.ReviewerAsync(context, "plan:write", "plan:read", "confirm:write", "confirm:read", "confirm:decide");
        using var reviewer = await api.ReviewerAsync(context);
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", ProposedPlan(context), client: author.Client);
        var planId = plan["plan_id"]!.GetValue<string>();
        var (_, confirm) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", Confirm(planId), client: author.Client);
        var confirmId = confirm["confirm_id"]!.GetValue<string>();

        var (self, problem) = await api.DecideAsync(author, confirmId);
        var (_, unchanged) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{planId}");
        var (control, approved) = await api.DecideAsync(reviewer, confirmId);

        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal("SELF_APPROVAL_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal("proposed", unchanged["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        await api.StatusAsync($"/api/v1/plans/{planId}", "approved");
    }

    [Fact(Timeout = 60_000)]
    public async Task AllowSelfApproval_SetByTheAuthor_Is403_SetBySomeoneElse_LetsTheAuthorApprove()
    {
        var context = await api.NewContextAsync();
        using var author = await api.ReviewerAsync(context, "plan:write", "confirm:write", "confirm:read", "confirm:decide");
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", ProposedPlan(context), client: author.Client);
        var (_, confirm) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", Confirm(plan["plan_id"]!.GetValue<string>()), client: author.Client);
        var confirmId = confirm["confirm_id"]!.GetValue<string>();

        var (waiveOwn, problem) = await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirmId}/policy", new { allow_self_approval = true }, client: author.Client);
        var (waived, _) = await SetPolicyAsync(confirmId, new { allow_self_approval = true });
        var (self, _) = await api.DecideAsync(author, confirmId);

        Assert.Equal(HttpStatusCode.Forbidden, waiveOwn.StatusCode);
        Assert.Equal("SELF_APPROVAL_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, waived.StatusCode);
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        await api.StatusAsync($"/api/v1/confirms/{confirmId}", "approved");
    }

    [Fact(Timeout = 90_000)]
    public async Task Policy_LoweredWhileTheRoundHasADecision_Is409AndTheConfirmStaysPending()
    {
        var (_, confirm, context) = await ConfirmOnProposedPlanAsync();
        using var reviewer = await api.ReviewerAsync(context);
        using var writer = await api.ReviewerAsync(context, "confirm:write", "confirm:read");
        await SetPolicyAsync(confirm, new { required_approvals = 2 });
        await api.DecideAsync(reviewer, confirm);

        var (lowered, problem) = await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { required_approvals = 1 }, client: writer.Client);
        await Task.Delay(1_500);
        var (_, pending) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}");
        var (_, policy) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}/policy");

        Assert.Equal(HttpStatusCode.Conflict, lowered.StatusCode);
        Assert.Equal("POLICY_FROZEN", problem["code"]!.GetValue<string>());
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal(2, policy["required_approvals"]!.GetValue<int>());
    }

    [Fact(Timeout = 90_000)]
    public async Task Policy_ChangedAfterARejection_AppliesFromTheResubmission()
    {
        var (plan, confirm, context) = await ConfirmOnProposedPlanAsync();
        using var reviewer = await api.ReviewerAsync(context);
        using var writer = await api.ReviewerAsync(context, "confirm:write", "confirm:read");
        await SetPolicyAsync(confirm, new { required_approvals = 2 });
        await api.DecideAsync(reviewer, confirm, "rejected");
        await api.StatusAsync($"/api/v1/confirms/{confirm}", "rejected");

        var (changed, _) = await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { required_approvals = 1 }, client: writer.Client);
        var (resubmitted, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/resubmit", client: writer.Client);
        var (again, _) = await api.DecideAsync(reviewer, confirm);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await api.StatusAsync($"/api/v1/confirms/{confirm}", "approved");
        await api.StatusAsync($"/api/v1/plans/{plan}", "approved");
    }

    [Fact(Timeout = 60_000)]
    public async Task ExecutePlan_SetWithoutPlanExecute_Is403()
    {
        var (_, confirm, context) = await ConfirmOnProposedPlanAsync();
        using var writer = await api.ReviewerAsync(context, "confirm:write", "confirm:read");

        var (refused, problem) = await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { execute_plan = true }, client: writer.Client);
        var (missing, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}/policy");
        var (control, _) = await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { execute_plan = false }, client: writer.Client);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("plan:execute", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Decide_AsARoleHeldOnlyInAnotherContext_Is403()
    {
        var (_, confirm, context) = await ConfirmOnProposedPlanAsync();
        var (_, elsewhereConfirm, elsewhere) = await ConfirmOnProposedPlanAsync();
        using var reviewer = await api.ReviewerAsync(elsewhere);
        // It may decide in the confirm's context too, but not in the name of its role there.
        var (_, decider) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = reviewer.Role + "-d", capabilities = new[] { "confirm:decide" } });
        await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{decider["role_id"]}/assignments", new { principal = reviewer.Principal, context_id = context });

        var (borrowed, problem) = await api.DecideAsync(reviewer, confirm);
        var (control, _) = await api.DecideAsync(reviewer, elsewhereConfirm);

        Assert.Equal(HttpStatusCode.Forbidden, borrowed.StatusCode);
        Assert.Equal("ROLE_NOT_HELD", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task Round_WhosePlanChanged_CountsOnlyDecisionsOnTheNewVersion()
    {
        var (plan, confirm, context) = await ConfirmOnProposedPlanAsync();
        using var first = await api.ReviewerAsync(context);
        using var second = await api.ReviewerAsync(context);
        await SetPolicyAsync(confirm, new { required_approvals = 2 });
        await api.DecideAsync(first, confirm);

        await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{plan}", new { status = "draft" });
        await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{plan}", new { objective = "changed", status = "proposed" });
        await api.DecideAsync(second, confirm);
        await Task.Delay(1_500);
        var (_, pending) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}");
        var (again, _) = await api.DecideAsync(first, confirm);

        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await api.StatusAsync($"/api/v1/confirms/{confirm}", "approved");
        var approved = await api.StatusAsync($"/api/v1/plans/{plan}", "approved");
        Assert.Equal("changed", approved["objective"]!.GetValue<string>());
    }

    private Task<(HttpResponseMessage Response, JsonObject Body)> SetPolicyAsync(string confirm, object policy)
        => api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", policy);

    private static object ProposedPlan(string context) => new
    {
        context_id = context,
        title = "p",
        objective = "o",
        status = "proposed",
        steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } },
    };

    private static object Confirm(string planId) => new { target_type = "plan", target_id = planId, requested_by_role = "planner" };

    /// <summary>A proposed plan and a confirm on it, both made by the admin.</summary>
    private async Task<(string Plan, string Confirm, string Context)> ConfirmOnProposedPlanAsync()
    {
        var context = await api.NewContextAsync();
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", ProposedPlan(context));
        var planId = plan["plan_id"]!.GetValue<string>();
        var (_, confirm) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", Confirm(planId));
        return (planId, confirm["confirm_id"]!.GetValue<string>(), context);
    }
}
