using Mplp.Core.Modules.Plans;

namespace Mplp.Orchestrations.PlanExecution;

/// <summary>How one plan runs: at most <see cref="MaxParallel"/> steps at once, each attempt given <see cref="StepTimeout"/>, <see cref="MaxAttempts"/> attempts per step.</summary>
public sealed record PlanExecutionInput(Guid PlanId, int MaxParallel, TimeSpan StepTimeout, int MaxAttempts);

/// <summary>
/// The MPLP ids of one execution, made by the orchestrator (deterministic, in v4 form): the SA
/// instance (<c>sa_id</c> of its SA events) and the pipeline (<c>pipeline_id</c> of its pipeline_stage events).
/// </summary>
public sealed record ExecutionIds(Guid SaId, Guid PipelineId);

/// <summary>Starts (or resumes) the execution <paramref name="Ids"/> of a plan.</summary>
public sealed record StartRequest(Guid PlanId, ExecutionIds Ids);

/// <summary>The plan as execution starts (or resumes): its steps and their statuses.</summary>
public sealed record PlanRun(Guid PlanId, Guid ContextId, IReadOnlyList<PlanStep> Steps, IReadOnlyDictionary<Guid, string> Status);

/// <summary>One attempt of one step, sent to the work queue of the step's role.</summary>
public sealed record DispatchRequest(Guid PlanId, Guid ContextId, PlanStep Step, int Attempt, Guid WorkId, string ExecutionId, DateTimeOffset Deadline, ExecutionIds Ids);

/// <summary>Step statuses to write on the plan, the plan's own status once it ends, and the attempt that caused them.</summary>
public sealed record PlanProgress(Guid PlanId, ExecutionIds Ids, IReadOnlyDictionary<Guid, string> Steps, string? PlanStatus, AttemptOutcome? Attempt = null);

/// <summary>
/// How one attempt ended, logged as <c>step.completed</c>, <c>step.failed</c> or <c>step.timed_out</c>
/// in the context's trace (with the agent's output or error, cut to 8 KiB), and as the runtime_execution
/// event of the attempt (<see cref="WorkId"/> is its <c>execution_id</c>), timed by the orchestration's clock.
/// </summary>
public sealed record AttemptOutcome(
    Guid StepId, int Attempt, string Outcome, bool WillRetry, string? Output, string? Error, Guid WorkId, string AgentRole, DateTimeOffset StartedAt, DateTimeOffset EndedAt);

/// <summary>Where an execution is, as its custom status and its output.</summary>
public sealed record PlanExecutionState(string Status, int Completed, int Total, IReadOnlyDictionary<Guid, string> Steps);
