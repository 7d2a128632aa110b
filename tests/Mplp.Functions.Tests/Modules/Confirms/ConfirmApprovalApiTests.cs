using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Protocol;

namespace Mplp.Functions.Tests.Modules.Confirms;

/// <summary>Confirms with an approval policy: the Durable approval workflow resolves them.</summary>
public sealed class ConfirmApprovalApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly MplpSchemas EventSchemas = MplpSchemas.Load();

    [Fact(Timeout = 90_000)]
    public async Task Quorum_OfTwoReviewers_ApprovesTheConfirmAndThePlan()
    {
        var (plan, confirm) = await ConfirmOnProposedPlanAsync();
        using var one = await api.ReviewerAsync();
        using var two = await api.ReviewerAsync();
        var (set, policy) = await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { required_approvals = 2, allowed_roles = new[] { one.Role, two.Role } });

        var (first, afterOne) = await api.DecideAsync(one, confirm);
        await Task.Delay(1_500);
        var (_, stillPending) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}");
        await api.DecideAsync(two, confirm);
        var approved = await api.StatusAsync($"/api/v1/confirms/{confirm}", "approved");
        var (_, approvedPlan) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(2, policy["required_approvals"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("pending", afterOne["status"]!.GetValue<string>());
        Assert.Equal("pending", stillPending["status"]!.GetValue<string>());
        Assert.Equal(2, approved["decisions"]!.AsArray().Count);
        Assert.Equal("approved", approvedPlan["status"]!.GetValue<string>());
        ApiFixture.AssertValid("confirm", approved);
    }

    [Fact(Timeout = 120_000)]
    public async Task ExecutePlan_ApprovalStartsThePlansExecution()
    {
        var role = "approved-" + Guid.NewGuid().ToString("N")[..8];
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new
        {
            context_id = await api.NewContextAsync(),
            title = "p",
            objective = "o",
            status = "proposed",
            steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s", agent_role = role } },
        });
        var planId = plan["plan_id"]!.GetValue<string>();
        var (_, confirm) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", new { target_type = "plan", target_id = planId, requested_by_role = "planner" });
        var confirmId = confirm["confirm_id"]!.GetValue<string>();
        await using var agent = new Execution.TestAgent([role], _ => Core.Agents.AgentResult.Completed);
        using var reviewer = await api.ReviewerAsync();

        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirmId}/policy", new { execute_plan = true });
        await api.DecideAsync(reviewer, confirmId);

        await api.StatusAsync($"/api/v1/confirms/{confirmId}", "approved");
        await api.StatusAsync($"/api/v1/plans/{planId}/execution", "completed");
        var completed = await api.StatusAsync($"/api/v1/plans/{planId}", "completed");
        Assert.Equal("completed", completed["steps"]![0]!["status"]!.GetValue<string>());
    }

    [Fact(Timeout = 90_000)]
    public async Task Decision_ByARoleThePolicyDoesNotAllow_Is422()
    {
        var (_, confirm) = await ConfirmOnProposedPlanAsync();
        using var intern = await api.ReviewerAsync();
        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { allowed_roles = new[] { "reviewer" } });

        var (response, problem) = await api.DecideAsync(intern, confirm);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/decided_by_role", problem["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Fact(Timeout = 90_000)]
    public async Task Decision_InTheNameOfARoleTheCallerDoesNotHold_Is403()
    {
        var (_, confirm) = await ConfirmOnProposedPlanAsync();
        var (_, role) = await api.SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = "reviewer", capabilities = new[] { "confirm:decide" } });
        await api.SendAsync(HttpMethod.Post, $"/api/v1/roles/{role["role_id"]}/assignments", new { principal = "real-reviewer" });
        using var reviewer = api.NewClient(api.Tokens.For("real-reviewer"));

        var (impostor, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/decisions", new { status = "approved", decided_by_role = "lead" }, client: reviewer);
        var (genuine, decided) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/decisions", new { status = "approved", decided_by_role = "reviewer" }, client: reviewer);

        Assert.Equal(HttpStatusCode.Forbidden, impostor.StatusCode);
        Assert.Equal("ROLE_NOT_HELD", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal("approved", decided["status"]!.GetValue<string>());
    }

    [Fact(Timeout = 90_000)]
    public async Task Rejection_Resubmission_Approval_KeepsEveryDecision()
    {
        var (plan, confirm) = await ConfirmOnProposedPlanAsync();
        using var reviewer = await api.ReviewerAsync();
        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { allowed_roles = new[] { reviewer.Role } });

        await api.DecideAsync(reviewer, confirm, "rejected");
        await api.StatusAsync($"/api/v1/confirms/{confirm}", "rejected");
        var (resubmitted, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/resubmit");
        await api.DecideAsync(reviewer, confirm);
        var approved = await api.StatusAsync($"/api/v1/confirms/{confirm}", "approved");

        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        Assert.Equal(["rejected", "approved"], approved["decisions"]!.AsArray().Select(d => d!["status"]!.GetValue<string>()));
        await api.StatusAsync($"/api/v1/plans/{plan}", "approved");
    }

    [Fact(Timeout = 90_000)]
    public async Task Timeout_WithoutDecisions_RejectsPerPolicy()
    {
        var (_, confirm) = await ConfirmOnProposedPlanAsync();

        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { timeout_seconds = 2, on_timeout = "reject" });
        var rejected = await api.StatusAsync($"/api/v1/confirms/{confirm}", "rejected");

        Assert.Empty(rejected["decisions"]!.AsArray());
    }

    [Fact(Timeout = 90_000)]
    public async Task Timeout_Escalates_ThenTheEscalationRoleDecides()
    {
        var (_, confirm) = await ConfirmOnProposedPlanAsync();
        using var lead = await api.ReviewerAsync();
        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy",
            new { allowed_roles = new[] { "reviewer" }, timeout_seconds = 5, on_timeout = "escalate", escalation_roles = new[] { lead.Role } });

        var (early, _) = await api.DecideAsync(lead, confirm);
        var (_, pending) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}");
        var approved = await api.StatusAsync($"/api/v1/confirms/{confirm}", "approved");

        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Single(approved["decisions"]!.AsArray());
    }

    [Fact(Timeout = 90_000)]
    public async Task Round_StartAndEscalation_AskPeopleToActInTheContextsLog()
    {
        var (plan, confirm) = await ConfirmOnProposedPlanAsync();
        var (_, planBody) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");
        var context = planBody["context_id"]!.GetValue<string>();

        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy",
            new { required_approvals = 2, allowed_roles = new[] { "reviewer" }, timeout_seconds = 2, on_timeout = "escalate", escalation_roles = new[] { "lead" } });
        var requested = await NoticeAsync(context, ApprovalNotices.Requested);
        var escalated = await NoticeAsync(context, ApprovalNotices.Escalated);

        Assert.All([requested, escalated], e => Assert.Empty(EventSchemas.Validate("common/events.schema.json", JsonSerializer.SerializeToElement(e))));
        var data = requested["data"]!;
        Assert.Equal((confirm, "plan", plan, "p"), (data["confirm_id"]!.GetValue<string>(), data["target"]!["type"]!.GetValue<string>(), data["target"]!["id"]!.GetValue<string>(), data["target"]!["title"]!.GetValue<string>()));
        Assert.Equal(["reviewer"], data["decider_roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal((0, 2), (data["quorum"]!["approvals"]!.GetValue<int>(), data["quorum"]!["required"]!.GetValue<int>()));
        Assert.NotNull(data["deadline"]);
        Assert.Equal($"/api/v1/confirms/{confirm}/decisions", data["decide"]!["path"]!.GetValue<string>());
        Assert.Equal(["reviewer", "lead"], escalated["data"]!["decider_roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.True(escalated["data"]!["escalated"]!.GetValue<bool>());
    }

    /// <summary>The first event of <paramref name="eventType"/> in the context's log, once the log has it.</summary>
    private async Task<JsonObject> NoticeAsync(string context, string eventType)
    {
        while (true)
        {
            var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{context}/events?limit=200");
            if (page["items"]!.AsArray().OfType<JsonObject>().FirstOrDefault(e => e["event_type"]!.GetValue<string>() == eventType) is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Policy_BadBody_Is400_AndMissingPolicyIs404()
    {
        var (_, confirm) = await ConfirmOnProposedPlanAsync();

        var (bad, problem) = await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { on_timeout = "escalate", required_approvals = 0 });
        var (missing, none) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm}/policy");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["/required_approvals", "/escalation_roles"], problem["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("POLICY_NOT_FOUND", none["code"]!.GetValue<string>());
    }

    private async Task<(string Plan, string Confirm)> ConfirmOnProposedPlanAsync()
    {
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new
        {
            context_id = await api.NewContextAsync(),
            title = "p",
            objective = "o",
            status = "proposed",
            steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } },
        });
        var planId = plan["plan_id"]!.GetValue<string>();
        var (_, confirm) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", new { target_type = "plan", target_id = planId, requested_by_role = "planner" });
        return (planId, confirm["confirm_id"]!.GetValue<string>());
    }
}
