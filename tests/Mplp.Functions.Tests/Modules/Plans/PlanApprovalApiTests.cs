using System.Net;
using System.Text.Json.Nodes;
using Mplp.Functions.Tests.Modules.Confirms;

namespace Mplp.Functions.Tests.Modules.Plans;

/// <summary>What was approved is what runs, and a plan is approved by someone other than its author.</summary>
public sealed class PlanApprovalApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Patch_StepsOfAnApprovedPlanByItsAuthor_Is409AndChangesNothing()
    {
        var context = await api.NewContextAsync();
        using var author = await api.ReviewerAsync(context, "plan:write", "plan:read");
        using var approver = await api.ReviewerAsync(context, "plan:approve", "plan:read");
        var plan = await ProposedPlanAsync(context, author);
        var (approved, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/approve", client: approver.Client);

        var (patched, problem) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{plan}", new { steps = new[] { Step("rm -rf everything", "root") } }, client: author.Client);
        var (_, unchanged) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, patched.StatusCode);
        Assert.Equal("PLAN_FROZEN", problem["code"]!.GetValue<string>());
        Assert.Equal("approved", unchanged["status"]!.GetValue<string>());
        Assert.Equal("build", unchanged["steps"]![0]!["description"]!.GetValue<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Patch_AfterMovingBackToDraft_DropsTheApprovalUntilApprovedAgain()
    {
        var context = await api.NewContextAsync();
        using var author = await api.ReviewerAsync(context, "plan:write", "plan:read");
        using var approver = await api.ReviewerAsync(context, "plan:approve", "plan:read");
        var plan = await ProposedPlanAsync(context, author);
        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/approve", client: approver.Client);

        var (drafted, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{plan}", new { status = "draft" }, client: author.Client);
        var (edited, _) = await api.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{plan}", new { status = "proposed", steps = new[] { Step("test", "tester") } }, client: author.Client);
        var (notApproved, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute");
        var (reapproved, body) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/approve", client: approver.Client);

        Assert.Equal(HttpStatusCode.OK, drafted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notApproved.StatusCode);
        Assert.Equal("PLAN_NOT_APPROVED", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, reapproved.StatusCode);
        Assert.Equal("test", body["steps"]![0]!["description"]!.GetValue<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task Approve_ByThePlansAuthor_Is403_ByAnotherPrincipal_Approves()
    {
        var context = await api.NewContextAsync();
        using var author = await api.ReviewerAsync(context, "plan:*");
        using var approver = await api.ReviewerAsync(context, "plan:approve");
        var plan = await ProposedPlanAsync(context, author);

        var (self, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/approve", client: author.Client);
        var (control, approved) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/approve", client: approver.Client);

        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal("SELF_APPROVAL_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
    }

    private static JsonObject Step(string description, string role) => new()
    {
        ["step_id"] = "11111111-1111-4111-8111-111111111111",
        ["description"] = description,
        ["agent_role"] = role,
        ["status"] = "pending",
    };

    private async Task<string> ProposedPlanAsync(string context, Reviewer author)
    {
        var (created, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new JsonObject
        {
            ["context_id"] = context,
            ["title"] = "p",
            ["objective"] = "o",
            ["status"] = "proposed",
            ["steps"] = new JsonArray(Step("build", "builder")),
        }, client: author.Client);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return plan["plan_id"]!.GetValue<string>();
    }
}
