using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Mplp.Core.Modules.Confirms;
using Mplp.Orchestrations.Approvals;

namespace Mplp.Orchestrations.Tests.Approvals;

/// <summary>The approval workflow on the in-memory backend, with the confirm's decisions in memory and the real policy rules.</summary>
public sealed class ConfirmApprovalOrchestratorTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<JsonObject> _decisions = new();
    private readonly ConcurrentQueue<string> _escalations = new();
    private readonly Guid _confirmId = Guid.NewGuid();
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow.AddMinutes(-1);
    private ApprovalPolicy _policy = new(1, ["reviewer"], null, "reject", []);
    private DurableTaskTestHost _host = null!;

    private string InstanceId => ConfirmApprovalOrchestrator.InstanceIdOf(_confirmId);

    public async Task InitializeAsync()
        => _host = await DurableTaskTestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<ApprovalInput, string>(ConfirmApprovalOrchestrator.Name, (context, _) => ConfirmApprovalOrchestrator.RunAsync(context));
            tasks.AddActivityFunc<ApprovalCheck, ApprovalState>(ApprovalActivities.Evaluate, (_, check) =>
                new ApprovalState(_policy.Resolve(new JsonArray([.. _decisions.Select(d => (JsonNode)d.DeepClone())]), check.Since, check.Escalated), true, _policy.Timeout, _policy.OnTimeout));
            tasks.AddActivityFunc<ApprovalResolution, bool>(ApprovalActivities.Resolve, (_, _) => true);
            tasks.AddActivityFunc<Guid>(ApprovalActivities.Escalate, (_, id) => _escalations.Enqueue(id.ToString()));
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Quorum_IsReachedThroughDecisionEvents()
    {
        _policy = new ApprovalPolicy(2, ["reviewer"], null, "reject", []);
        await StartAsync();

        await DecideAsync("approved", "reviewer");
        await DecideAsync("approved", "intern");  // a role the policy does not count
        await Task.Delay(500);
        var pending = await _host.Client.GetInstanceAsync(InstanceId);
        await DecideAsync("approved", "reviewer");

        Assert.False(pending!.IsCompleted);
        Assert.Equal("approved", await OutcomeAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Rejection_ByAnAllowedRole_Rejects()
    {
        _policy = new ApprovalPolicy(3, ["reviewer"], null, "reject", []);
        await StartAsync();

        await DecideAsync("rejected", "reviewer");

        Assert.Equal("rejected", await OutcomeAsync());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("reject", "rejected")]
    [InlineData("cancel", "cancelled")]
    public async Task Timeout_ResolvesPerPolicy(string onTimeout, string expected)
    {
        _policy = new ApprovalPolicy(1, ["reviewer"], TimeSpan.FromSeconds(1), onTimeout, []);
        await StartAsync();

        Assert.Equal(expected, await OutcomeAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Timeout_Escalates_AndTheEscalationRoleThenCounts()
    {
        _policy = new ApprovalPolicy(1, ["reviewer"], TimeSpan.FromSeconds(1), "escalate", ["lead"]);
        Record("approved", "lead");  // before the escalation it does not count
        await StartAsync();

        Assert.Equal("approved", await OutcomeAsync());
        Assert.Single(_escalations);
    }

    [Fact(Timeout = 60_000)]
    public async Task EscalatedAndStillUndecided_ExpiresAsRejected()
    {
        _policy = new ApprovalPolicy(1, ["reviewer"], TimeSpan.FromSeconds(1), "escalate", ["lead"]);
        await StartAsync();

        Assert.Equal("rejected", await OutcomeAsync());
        Assert.Single(_escalations);
    }

    private Task StartAsync()
        => _host.Client.ScheduleNewOrchestrationInstanceAsync(ConfirmApprovalOrchestrator.Name, new ApprovalInput(_confirmId, _since), new StartOrchestrationOptions(InstanceId));

    private void Record(string status, string role)
        => _decisions.Enqueue(new JsonObject { ["status"] = status, ["decided_by_role"] = role, ["decided_at"] = DateTimeOffset.UtcNow.ToString("O") });

    private async Task DecideAsync(string status, string role)
    {
        Record(status, role);
        await _host.Client.RaiseEventAsync(InstanceId, ConfirmApprovalOrchestrator.DecisionEvent, "decision");
    }

    private async Task<string?> OutcomeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await _host.Client.WaitForInstanceCompletionAsync(InstanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<string>();
    }
}
