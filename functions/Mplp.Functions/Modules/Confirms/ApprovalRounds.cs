using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Protocol;
using Mplp.Orchestrations.Approvals;

namespace Mplp.Functions.Modules.Confirms;

/// <summary>Starts a confirm's approval workflow (a round: decisions from now on count) and tells it about decisions.</summary>
public sealed class ApprovalRounds(ApprovalPolicies policies, ApprovalNotices notices, TimeProvider clock)
{
    private static readonly TimeSpan PreviousRoundEnding = TimeSpan.FromSeconds(15);

    /// <summary>Starts a round if the confirm has a policy and no round is running, and asks for decisions (<see cref="ApprovalNotices.Requested"/>).</summary>
    public async Task StartRoundAsync(DurableTaskClient client, Guid confirmId, CancellationToken cancellationToken)
    {
        if (await policies.GetAsync(confirmId, cancellationToken) is null)
        {
            return;
        }

        var instanceId = ConfirmApprovalOrchestrator.InstanceIdOf(confirmId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is { IsCompleted: false })
        {
            await NotifyAsync(client, confirmId, cancellationToken);  // the running round re-reads the policy
            return;
        }

        // Decisions carry millisecond times: a round starts on a millisecond, so a decision in it counts.
        var since = DateTimeOffset.Parse(MplpTime.Format(clock.GetUtcNow()), CultureInfo.InvariantCulture);
        await client.ScheduleNewOrchestrationInstanceAsync(ConfirmApprovalOrchestrator.Name, new ApprovalInput(confirmId, since),
            new StartOrchestrationOptions(instanceId), cancellationToken);
        await notices.AnnounceAsync(confirmId, ApprovalNotices.Requested, since, cancellationToken);
    }

    /// <summary>
    /// After a resubmission: the previous round's workflow resolved the confirm (rejected) and is
    /// ending, but its completion may not be recorded yet, and an event sent to it now would be lost
    /// with it. Waits for it (a few seconds at most), then starts the next round.
    /// </summary>
    public async Task StartNextRoundAsync(DurableTaskClient client, Guid confirmId, CancellationToken cancellationToken)
    {
        var instanceId = ConfirmApprovalOrchestrator.InstanceIdOf(confirmId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is { IsCompleted: false })
        {
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ending.CancelAfter(PreviousRoundEnding);
            try
            {
                await client.WaitForInstanceCompletionAsync(instanceId, ending.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Still running: StartRoundAsync tells it about the new round instead.
            }
        }

        await StartRoundAsync(client, confirmId, cancellationToken);
    }

    public async Task NotifyAsync(DurableTaskClient client, Guid confirmId, CancellationToken cancellationToken)
    {
        var instanceId = ConfirmApprovalOrchestrator.InstanceIdOf(confirmId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is { IsCompleted: false })
        {
            await client.RaiseEventAsync(instanceId, ConfirmApprovalOrchestrator.DecisionEvent, "decision", cancellationToken);
        }
    }
}
