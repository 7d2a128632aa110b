using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Plans;

namespace Mplp.Orchestrations.PlanExecution;

/// <summary>
/// Starting a plan's execution (its <see cref="PlanExecutionOrchestrator"/>, one per plan): the same
/// for the execute endpoint and for a confirm whose approval policy executes the plan.
/// </summary>
public sealed class PlanExecutions(EntityService entities, PlanApprovals approvals, IOptions<ExecutionOptions> defaults)
{
    private static ModuleDefinition Plans => PlanModule.Definition;

    /// <summary>How the plan runs: what the caller says, the rest from the <c>Mplp:Execution</c> defaults.</summary>
    public PlanExecutionInput InputOf(Guid planId, int? maxParallel = null, TimeSpan? stepTimeout = null, int? maxAttempts = null)
    {
        var options = defaults.Value;
        return new PlanExecutionInput(planId, maxParallel ?? options.MaxParallelSteps, stepTimeout ?? options.StepTimeout, maxAttempts ?? options.MaxAttempts);
    }

    /// <summary>
    /// Moves the approved plan to in_progress (its context must be active) and starts its execution;
    /// a plan left in_progress by a start that could not schedule its execution starts now. Either way
    /// its content must be the approved one (409 <c>APPROVAL_MISMATCH</c>); any other status is 409
    /// <c>PLAN_NOT_APPROVED</c>. False, changing nothing, when the plan is executing already.
    /// </summary>
    public async Task<bool> StartAsync(DurableTaskClient client, PlanExecutionInput input, Actor actor, CancellationToken cancellationToken)
    {
        var plan = await entities.GetAsync(Plans, input.PlanId, actor, cancellationToken);
        var instanceId = PlanExecutionOrchestrator.InstanceIdOf(input.PlanId);
        switch (plan.Document["status"]!.GetValue<string>())
        {
            case "approved":
                await approvals.RequireApprovedAsIsAsync(plan, cancellationToken);
                // The version guards against a concurrent start: one of them moves the plan.
                await entities.TransitionAsync(Plans, input.PlanId, "in_progress", IfMatch.Parse(IfMatch.ETagOf(plan.Version)), actor, cancellationToken);
                break;
            case "in_progress" when await client.GetInstanceAsync(instanceId, cancellationToken) is not null:
                return false;
            case "in_progress":
                // Moved to in_progress by a start that could not schedule the orchestration: start it now.
                await approvals.RequireApprovedAsIsAsync(plan, cancellationToken);
                break;
            case var other:
                throw Problems.PlanNotApproved(other);
        }

        await client.ScheduleNewOrchestrationInstanceAsync(PlanExecutionOrchestrator.Name, input, new StartOrchestrationOptions(instanceId), cancellationToken);
        return true;
    }
}
