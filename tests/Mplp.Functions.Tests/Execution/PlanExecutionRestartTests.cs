using System.Net;
using System.Text.Json.Nodes;
using Mplp.Core.Agents;
using Mplp.Functions.Tests.Modules.Confirms;

namespace Mplp.Functions.Tests.Execution;

/// <summary>
/// Workflows whose host is killed midway (a plan executing, an approval waiting for its quorum)
/// finish after a restart, nothing lost, nothing done twice.
/// </summary>
public sealed class PlanExecutionRestartTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact(Timeout = 180_000)]
    public async Task HostKilledDuringAnApproval_TheQuorumStillResolvesIt()
    {
        var context = await api.NewContextAsync();
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new JsonObject
        {
            ["context_id"] = context,
            ["title"] = "approve me",
            ["objective"] = "o",
            ["status"] = "proposed",
            ["steps"] = new JsonArray(new JsonObject { ["step_id"] = Guid.NewGuid().ToString(), ["description"] = "s" }),
        });
        var (_, confirm) = await api.SendAsync(HttpMethod.Post, "/api/v1/confirms", new { target_type = "plan", target_id = plan["plan_id"]!.GetValue<string>(), requested_by_role = "planner" });
        var confirmId = confirm["confirm_id"]!.GetValue<string>();
        var confirmPath = $"/api/v1/confirms/{confirmId}";
        using var one = await api.ReviewerAsync();
        using var two = await api.ReviewerAsync();
        await api.SendAsync(HttpMethod.Put, $"{confirmPath}/policy", new { required_approvals = 2 });
        await api.DecideAsync(one, confirmId);

        await api.KillAndRestartHostAsync();
        using var afterRestart = api.NewClient(api.Tokens.For(two.Principal));
        var (second, _) = await api.DecideAsync(two with { Client = afterRestart }, confirmId);

        JsonObject current = [];
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (current["status"]?.GetValue<string>() != "approved")
        {
            Assert.True(DateTime.UtcNow < deadline, $"the confirm was not approved after the restart: {current.ToJsonString()}\n{api.HostOutput[^Math.Min(api.HostOutput.Length, 8000)..]}");
            await Task.Delay(250);
            (_, current) = await api.SendAsync(HttpMethod.Get, confirmPath);
        }

        var (_, approvedPlan) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan["plan_id"]}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, current["decisions"]!.AsArray().Count);
        Assert.Equal("approved", approvedPlan["status"]!.GetValue<string>());
    }

    [Fact(Timeout = 180_000)]
    public async Task HostKilledWhileAStepRuns_PlanCompletesAfterRestart()
    {
        var role = "restart-" + Guid.NewGuid().ToString("N")[..8];
        string a = Guid.NewGuid().ToString(), b = Guid.NewGuid().ToString(), c = Guid.NewGuid().ToString();
        var plan = await ApprovedChainAsync(role, a, b, c);
        var bReceived = new TaskCompletionSource();
        var hostKilled = new TaskCompletionSource();
        var answered = new HashSet<Guid>();
        await using var agent = new TestAgent([role], work =>
        {
            if (!answered.Add(work.WorkId))
            {
                return null;  // a work item seen before (a re-run dispatch) is not done twice
            }

            if (work.StepId.ToString() == b)
            {
                bReceived.TrySetResult();
                hostKilled.Task.Wait(TimeSpan.FromSeconds(60));  // B's result is sent while the host is down
            }

            return AgentResult.Completed;
        });

        var (accepted, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{plan}/execute", new { step_timeout_seconds = 120 });
        await bReceived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await api.KillAndRestartHostAsync(whileDown: () =>
        {
            hostKilled.SetResult();
            return Task.Delay(500);
        });

        JsonObject execution = [];
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (execution["status"]?.GetValue<string>() != "completed")
        {
            Assert.True(DateTime.UtcNow < deadline, $"the execution did not complete after the restart: {execution.ToJsonString()}");
            await Task.Delay(250);
            (_, execution) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}/execution");
        }

        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/plans/{plan}");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("completed", stored["status"]!.GetValue<string>());
        Assert.All(stored["steps"]!.AsArray(), s => Assert.Equal("completed", s!["status"]!.GetValue<string>()));
        var work = agent.Received.ToList();
        Assert.Equal([a, b, c], work.Select(w => w.StepId.ToString()).Distinct());
        Assert.All(work.GroupBy(w => w.StepId), step => Assert.Single(step.Select(w => w.WorkId).Distinct()));
    }

    private async Task<string> ApprovedChainAsync(string role, string a, string b, string c)
    {
        var context = await api.NewContextAsync();
        var (_, plan) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new JsonObject
        {
            ["context_id"] = context,
            ["title"] = "survives a crash",
            ["objective"] = "finish",
            ["status"] = "proposed",
            ["steps"] = new JsonArray(
                new JsonObject { ["step_id"] = a, ["description"] = "a", ["agent_role"] = role },
                new JsonObject { ["step_id"] = b, ["description"] = "b", ["agent_role"] = role, ["dependencies"] = new JsonArray(a) },
                new JsonObject { ["step_id"] = c, ["description"] = "c", ["agent_role"] = role, ["dependencies"] = new JsonArray(b) }),
        });
        var id = plan["plan_id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Post, $"/api/v1/plans/{id}/approve");
        return id;
    }
}
