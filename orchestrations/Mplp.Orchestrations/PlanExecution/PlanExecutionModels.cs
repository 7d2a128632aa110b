using Mplp.Core.Modules.Plans;

namespace Mplp.Orchestrations.PlanExecution;

/// <summary>How one plan runs: at most <see cref="MaxParallel"/> steps at once, each attempt given <see cref="StepTimeout"/>, <see cref="MaxAttempts"/> attempts per step.</summary>
public sealed record PlanExecutionInput(Guid PlanId, int MaxParallel, TimeSpan StepTimeout, int MaxAttempts);

/// <summary>The plan as execution starts (or resumes): its steps and their statuses.</summary>
public sealed record PlanRun(Guid PlanId, Guid ContextId, IReadOnlyList<PlanStep> Steps, IReadOnlyDictionary<Guid, string> Status);

/// <summary>One attempt of one step, sent to the work queue of the step's role.</summary>
public sealed record DispatchRequest(Guid PlanId, Guid ContextId, PlanStep Step, int Attempt, Guid WorkId, string ExecutionId, DateTimeOffset Deadline);

/// <summary>Step statuses to write on the plan, the plan's own status once it ends, and the attempt that caused them.</summary>
public sealed record PlanProgress(Guid PlanId, IReadOnlyDictionary<Guid, string> Steps, string? PlanStatus, AttemptOutcome? Attempt = null);

/// <summary>
/// How one attempt ended, logged as <c>step.completed</c>, <c>step.failed</c> or <c>step.timed_out</c>
/// in the context's trace (with the agent's output or error, cut to 8 KiB).
/// </summary>
public sealed record AttemptOutcome(Guid StepId, int Attempt, string Outcome, bool WillRetry, string? Output, string? Error);

/// <summary>Where an execution is, as its custom status and its output.</summary>
public sealed record PlanExecutionState(string Status, int Completed, int Total, IReadOnlyDictionary<Guid, string> Steps);
