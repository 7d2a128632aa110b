using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Modules.Confirms;

/// <summary>
/// Confirms brought in with their decisions: history that never counts. Each test attacks with an
/// import what only a round may do, as a principal holding one role; its control shows the real path.
/// </summary>
public sealed class ConfirmImportApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Create_ApprovedWithDecisions_KeepsThemMarkedImported_AndThePlanStaysProposed()
    {
        var (plan, context) = await ProposedPlanAsync();
        using var importer = await api.ReviewerAsync(context, "confirm:write", "confirm:read", "confirm:import");
        var confirm = Imported(plan, "approved", 3);

        var (created, body) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", confirm, client: importer.Client);
        var id = body["confirm_id"]!.GetValue<string>();
        var (_, mark) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{id}/import");
        var (_, target) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");
        var (execute, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute");
        using var reviewer = await api.ReviewerAsync(context);
        var (decide, _) = await api.DecideAsync(reviewer, id);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        ApiFixture.AssertValid("confirm", body);
        Assert.Equal(confirm["decisions"]!.ToJsonString(), body["decisions"]!.ToJsonString());
        Assert.Equal(DecisionIds(confirm), mark["decision_ids"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(importer.Principal, mark["imported_by"]!.GetValue<string>());
        Assert.Equal("proposed", target["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, execute.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, decide.StatusCode);  // resolved: read-only
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_WithDecisionsWithoutConfirmImport_Is403AndCreatesNothing()
    {
        var (plan, context) = await ProposedPlanAsync();
        using var writer = await api.ReviewerAsync(context, "confirm:write", "confirm:read", "confirm:decide");
        var confirm = Imported(plan, "pending", 1);

        var (refused, problem) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", confirm, client: writer.Client);
        var (missing, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{confirm["confirm_id"]}");
        var (control, live) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", new { target_type = "plan", target_id = plan, requested_by_role = "planner" }, client: writer.Client);
        var (unmarked, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{live["confirm_id"]}/import");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("confirm:import", problem["required_capability"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, control.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unmarked.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Round_AfterAnImportOfAQuorumOfApprovals_CountsOnlyRealDecisionsByOthers()
    {
        var (plan, context) = await ProposedPlanAsync();
        using var importer = await api.ReviewerAsync(context, "confirm:write", "confirm:read", "confirm:import", "confirm:decide");
        using var first = await api.ReviewerAsync(context);
        using var second = await api.ReviewerAsync(context);
        var confirm = Imported(plan, "pending", 3);
        confirm["meta"] = new JsonObject { ["protocol_version"] = "1.0.0", ["schema_version"] = "1.0.0", ["created_by"] = first.Principal };
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", confirm, client: importer.Client);
        var id = created["confirm_id"]!.GetValue<string>();

        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{id}/policy", new { required_approvals = 2 });
        var (self, problem) = await api.DecideAsync(importer, id);
        await api.DecideAsync(first, id);
        await Task.Delay(1_500);
        var (_, stillPending) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{id}");
        var (_, stillProposed) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");
        var (control, _) = await api.DecideAsync(second, id);

        Assert.Equal(importer.Principal, created["meta"]!["created_by"]!.GetValue<string>());  // authorship is not imported
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal("SELF_APPROVAL_FORBIDDEN", problem["code"]!.GetValue<string>());
        Assert.Equal("pending", stillPending["status"]!.GetValue<string>());
        Assert.Equal("proposed", stillProposed["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        await api.StatusAsync($"/api/v1/confirms/{id}", "approved");
        await api.StatusAsync($"/api/v1/plans/{plan}", "approved");
    }

    [Fact(Timeout = 120_000)]
    public async Task Resubmit_OfAnImportedRejection_StartsALiveRoundWhereTheImportedApprovalsDoNotCount()
    {
        var (plan, context) = await ProposedPlanAsync();
        using var importer = await api.ReviewerAsync(context, "confirm:write", "confirm:read", "confirm:import");
        using var reviewer = await api.ReviewerAsync(context);
        var confirm = Imported(plan, "rejected", 2);
        var (_, created) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", confirm, client: importer.Client);
        var id = created["confirm_id"]!.GetValue<string>();

        await api.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{id}/policy", new { required_approvals = 1 }, client: importer.Client);
        var (resubmitted, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{id}/resubmit", client: importer.Client);
        await Task.Delay(1_500);
        var (_, pending) = await api.SendAsync(HttpMethod.Get, $"/api/v1/confirms/{id}");
        var (control, _) = await api.DecideAsync(reviewer, id);

        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        await api.StatusAsync($"/api/v1/confirms/{id}", "approved");
        await api.StatusAsync($"/api/v1/plans/{plan}", "approved");
    }

    /// <summary>
    /// A confirm as another runtime recorded it: <paramref name="approvals"/> approvals by a
    /// quorum-looking set of roles, one dated in the future (a round's start never excludes it).
    /// </summary>
    private static JsonObject Imported(string plan, string status, int approvals) => new()
    {
        ["confirm_id"] = Guid.NewGuid().ToString(),
        ["target_type"] = "plan",
        ["target_id"] = plan,
        ["status"] = status,
        ["requested_by_role"] = "planner",
        ["requested_at"] = "2025-01-28T15:00:00.000Z",
        ["decisions"] = new JsonArray([.. Enumerable.Range(0, approvals).Select(i => (JsonNode)new JsonObject
        {
            ["decision_id"] = Guid.NewGuid().ToString(),
            ["status"] = "approved",
            ["decided_by_role"] = $"approver-{i}",
            ["decided_at"] = i == 0 ? "2099-01-01T00:00:00.000Z" : "2025-01-28T15:30:00.000Z",
        })]),
    };

    private static IEnumerable<string> DecisionIds(JsonObject confirm) => confirm["decisions"]!.AsArray().Select(d => d!["decision_id"]!.GetValue<string>());

    private async Task<(string Plan, string Context)> ProposedPlanAsync()
    {
        var context = await api.NewContextAsync();
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new
        {
            context_id = context,
            title = "p",
            objective = "o",
            status = "proposed",
            steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s" } },
        });
        return (plan["plan_id"]!.GetValue<string>(), context);
    }
}
