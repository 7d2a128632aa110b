using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Playwright;
using Mplp.Functions.Tests.Mcp;
using Mplp.Functions.Tests.Modules.Confirms;
using Mplp.ReferenceAgent;
using Mplp.Testing;
using static Microsoft.Playwright.Assertions;

namespace Mplp.Functions.Tests.OperatorConsole;

/// <summary>
/// The console in a real Chromium against the dev host: every click is a call to the public API with
/// the signed-in principal's token. The pages' screenshots in docs/images/ are made here.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleFixture console)
{
    private const string Admin = TestTokens.Admin;

    [Fact(Timeout = 120_000)]
    public async Task Approvals_AReviewerApprovesWithAReasonByKeyboard_RecordsTheDecisionAndApprovesThePlan()
    {
        var (_, plan, confirm) = await PendingConfirmAsync();
        // Global roles: the inbox lists every pending confirm the principal may read.
        using var reviewer = await console.ReviewerAsync(null, "confirm:decide", "confirm:read", "plan:read");
        var (policy, _) = await console.SendAsync(HttpMethod.Put, $"/api/v1/confirms/{confirm}/policy", new { allowed_roles = new[] { reviewer.Role }, timeout_seconds = 3600 });
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        var page = await console.SignedInPageAsync(reviewer.Principal, "/console/approvals");
        var card = page.Locator($"article[data-confirm-id='{confirm}']");

        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToBeVisibleAsync();
        var kept = await page.EvaluateAsync<string>("sessionStorage.getItem('mplp.console.token')");
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);  // out of the address bar and history
        Assert.StartsWith("eyJ", kept, StringComparison.Ordinal);
        await Expect(page.Locator(".who")).ToContainTextAsync(reviewer.Principal);
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));
        await Expect(card.Locator("g.step")).ToHaveCountAsync(3);
        await card.GetByLabel("Reason").FillAsync("release notes checked");
        await ConsoleFixture.ScreenshotAsync(page, "console-approvals.png", fullPage: false);
        await page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".notice")).ToContainTextAsync("approval of plan");

        // The policy's quorum (one approval by the role) is met: the approval workflow approves both.
        var decided = await console.StatusAsync($"/api/v1/confirms/{confirm}", "approved");
        await console.StatusAsync($"/api/v1/plans/{plan}", "approved");
        var decision = decided["decisions"]!.AsArray().Single()!;
        Assert.Equal("release notes checked", decision["reason"]!.GetValue<string>());
        Assert.Equal(reviewer.Role, decision["decided_by_role"]!.GetValue<string>());
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);  // decided: nothing more to offer
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Approvals_APrincipalWithoutTheRoleOrTheAuthor_IsNotOfferedWhatTheApiWouldRefuse()
    {
        var (_, _, confirm) = await PendingConfirmAsync();
        using var reader = await console.ReviewerAsync(null, "confirm:read", "plan:read");
        var readerPage = await console.SignedInPageAsync(reader.Principal, "/console/approvals");
        var authorPage = await console.SignedInPageAsync(Admin, "/console/approvals");
        var readerCard = readerPage.Locator($"article[data-confirm-id='{confirm}']");
        var authorCard = authorPage.Locator($"article[data-confirm-id='{confirm}']");

        await Expect(readerCard.Locator("g.step")).ToHaveCountAsync(3);
        await Expect(readerCard.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(readerCard).ToContainTextAsync("confirm:decide");
        // Four eyes: whoever made the plan may reject it, not approve it.
        await Expect(authorCard.GetByRole(AriaRole.Button, new() { Name = "Reject" })).ToBeVisibleAsync();
        await Expect(authorCard.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await readerPage.Context.CloseAsync();
        await authorPage.Context.CloseAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Approvals_AToolCallAskedThroughMcp_ShowsTheToolAndItsArguments_AndApproveRecordsTheDecision()
    {
        var context = await console.NewContextAsync();
        await using var agent = await McpSessions.ConnectAsync(console.Client);
        var asked = await agent.CallAsync("mplp_request_approval", new { context_id = context, action = new { tool = "deploy", arguments = new { service = "billing", version = "2.4.1" } }, reason = "invoice hotfix", wait_seconds = 0 });
        var confirm = asked["confirm_id"]!.GetValue<string>();
        using var reviewer = await console.ReviewerAsync(context, "confirm:decide", "confirm:read");
        var page = await console.SignedInPageAsync(reviewer.Principal, $"/console/approvals?context_id={context}");
        var card = page.Locator($"article[data-confirm-id='{confirm}']");

        await Expect(card.Locator("h3")).ToHaveTextAsync("action “deploy”");
        await Expect(card.Locator("pre.arguments")).ToContainTextAsync("\"version\": \"2.4.1\"");
        await Expect(card).ToContainTextAsync("invoice hotfix");
        await Expect(card).ToContainTextAsync("0 of 1 approvals");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("approval of action “deploy” was recorded");

        var decided = await console.StatusAsync($"/api/v1/confirms/{confirm}", "approved");
        Assert.Equal(reviewer.Role, decided["decisions"]!.AsArray().Single()!["decided_by_role"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Approvals_AConfirmInALaterRound_SaysWhatChangedSinceThePreviousRound()
    {
        var (_, changedPlan, changed) = await PendingConfirmAsync();
        var (_, _, unchanged) = await PendingConfirmAsync();
        var (_, _, firstRound) = await PendingConfirmAsync();
        using var reviewer = await console.ReviewerAsync(null, "confirm:decide", "confirm:read", "plan:read", "trace:read");
        await RejectAsync(reviewer, changed);
        await RejectAsync(reviewer, unchanged);
        var (_, plan) = await console.SendAsync(HttpMethod.Get, $"/api/v1/plans/{changedPlan}");
        var (patched, _) = await console.SendAsync(HttpMethod.Patch, $"/api/v1/plans/{changedPlan}", new JsonObject { ["steps"] = new JsonArray([.. plan["steps"]!.AsArray().Take(2).Select(s => s!.DeepClone())]) });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        foreach (var confirm in new[] { changed, unchanged })
        {
            var (resubmitted, _) = await console.SendAsync(HttpMethod.Post, $"/api/v1/confirms/{confirm}/resubmit");
            Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        }

        var page = await console.SignedInPageAsync(reviewer.Principal, "/console/approvals");
        var card = page.Locator($"article[data-confirm-id='{changed}']");

        await Expect(card.Locator(".round-changes")).ToHaveTextAsync("Changed since the previous round: steps");
        await Expect(card.Locator("g.step")).ToHaveCountAsync(2);
        await Expect(page.Locator($"article[data-confirm-id='{unchanged}'] .round-changes")).ToHaveTextAsync("Unchanged since the previous round");
        await Expect(page.Locator($"article[data-confirm-id='{firstRound}'] g.step")).ToHaveCountAsync(3);
        await Expect(page.Locator($"article[data-confirm-id='{firstRound}'] .round-changes")).ToHaveCountAsync(0);
        // The log takes trace:read: without it the card shows the rest and says nothing of rounds.
        using var blind = await console.ReviewerAsync(null, "confirm:decide", "confirm:read", "plan:read");
        var blindPage = await console.SignedInPageAsync(blind.Principal, "/console/approvals");
        await Expect(blindPage.Locator($"article[data-confirm-id='{changed}'] g.step")).ToHaveCountAsync(2);
        await Expect(blindPage.Locator($"article[data-confirm-id='{changed}'] .round-changes")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
        await blindPage.Context.CloseAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task Plan_TheGraphShowsEveryStep_AndFollowsTheExecutionLive()
    {
        var role = TestEnvironment.UniqueName("agent-");
        var (_, plan, _) = await PendingConfirmAsync(role);
        var (approve, _) = await console.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/approve");
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var page = await console.SignedInPageAsync(Admin, $"/console/plans/{plan}");
        await Expect(page.Locator("g.step[data-status='pending']")).ToHaveCountAsync(3);
        await page.EvaluateAsync("window.notReloaded = true");
        using var stop = new CancellationTokenSource();
        var settings = new AgentSettings([role], new QueueServiceClient(TestEnvironment.StorageConnectionString), "echo \"did: $MPLP_STEP_DESCRIPTION\"", TimeSpan.FromMilliseconds(100));
        var agent = new ReferenceAgent.ReferenceAgent(settings, TextWriter.Null, TimeProvider.System).RunAsync(stop.Token);

        await page.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();
        await Expect(page.Locator("g.step[data-status='completed']")).ToHaveCountAsync(3, new() { Timeout = 90_000 });
        await Expect(page.Locator(".plan-status")).ToHaveTextAsync("completed");
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Execution completed.");
        await Expect(page.Locator("table.steps")).ToContainTextAsync("Attempt 1: completed");
        await page.Locator("table.steps summary").First.ClickAsync();
        await Expect(page.Locator("table.steps pre").First).ToContainTextAsync("did: ");
        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"));
        await ConsoleFixture.ScreenshotAsync(page, "console-plan.png");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => agent);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Context_TheTimelineReceivesANewEventWithoutAReload_AndShowsItsJson()
    {
        var (context, _, _) = await PendingConfirmAsync();
        var page = await console.SignedInPageAsync(Admin, $"/console/contexts/{context}");
        await Expect(page.Locator(".timeline li[data-event-type='plan.created']")).ToHaveCountAsync(1);

        var (_, later) = await console.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, "later", "builder"));
        var arrived = page.Locator(".timeline li[data-event-type='plan.created']").Nth(1);
        await Expect(arrived).ToBeVisibleAsync();
        await arrived.Locator("summary").ClickAsync();
        await Expect(arrived.Locator("pre")).ToContainTextAsync(later["plan_id"]!.GetValue<string>());
        await ConsoleFixture.ScreenshotAsync(page, "console-context.png");
        await page.GetByLabel("Type").SelectOptionAsync("confirm.created");
        await Expect(page.Locator(".timeline li")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Pages_At200PercentZoom_FitTheWindowWithoutSidewaysScrolling()
    {
        var (context, plan, _) = await PendingConfirmAsync();
        // 200 % zoom of a 1280 px wide window: 640 CSS pixels.
        var page = await console.SignedInPageAsync(Admin, "/console/approvals", width: 640);
        foreach (var (path, ready) in new[] { ("/console/approvals", "article.confirm"), ($"/console/plans/{plan}", "g.step"), ($"/console/contexts/{context}", ".timeline li") })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow} px wider than the window at 200 %");
        }

        await page.Context.CloseAsync();
    }

    private async Task RejectAsync(Reviewer reviewer, string confirm)
    {
        var (rejected, body) = await console.DecideAsync(reviewer, confirm, "rejected");
        Assert.Equal((HttpStatusCode.OK, "rejected"), (rejected.StatusCode, body["status"]!.GetValue<string>()));
    }

    /// <summary>An active context, a proposed three-step plan in it (b and c after a) and a pending confirm on it, all made by the admin.</summary>
    private async Task<(string Context, string Plan, string Confirm)> PendingConfirmAsync(string role = "builder")
    {
        var (_, made) = await console.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "release train", root = new { domain = "releases", environment = "staging" }, status = "active" });
        var context = made["context_id"]!.GetValue<string>();
        var (created, plan) = await console.SendAsync(HttpMethod.Post, "/api/v1/plans", Plan(context, "release 2.4", role));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var planId = plan["plan_id"]!.GetValue<string>();
        var (_, confirm) = await console.SendAsync(HttpMethod.Post, "/api/v1/confirms", new { target_type = "plan", target_id = planId, requested_by_role = "planner", reason = "ship 2.4" });
        return (context, planId, confirm["confirm_id"]!.GetValue<string>());
    }

    private static JsonObject Plan(string context, string title, string role)
    {
        string[] ids = [Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString()];
        return new JsonObject
        {
            ["context_id"] = context,
            ["title"] = title,
            ["objective"] = "ship the release",
            ["status"] = "proposed",
            ["steps"] = new JsonArray(
                new JsonObject { ["step_id"] = ids[0], ["description"] = "build", ["agent_role"] = role, ["order_index"] = 0 },
                new JsonObject { ["step_id"] = ids[1], ["description"] = "test", ["agent_role"] = role, ["order_index"] = 1, ["dependencies"] = new JsonArray(ids[0]) },
                new JsonObject { ["step_id"] = ids[2], ["description"] = "document", ["agent_role"] = role, ["order_index"] = 2, ["dependencies"] = new JsonArray(ids[0]) }),
        };
    }
}
