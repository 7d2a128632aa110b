using System.Text.Json.Nodes;
using Mplp.Core.Agents;
using Mplp.Core.Events;
using Mplp.Core.Modules.Plans;
using Mplp.Core.Protocol;
using static Mplp.Core.Events.ProtocolEvents;

namespace Mplp.Orchestrations.PlanExecution;

/// <summary>
/// The MPLP events of one plan execution (docs/events.md): the SA lifecycle under one <c>sa_id</c>,
/// a graph_update with the plan's DAG, a pipeline_stage per step transition under one
/// <c>pipeline_id</c> (a step is a stage, its <c>stage_id</c> the step id) and a runtime_execution per
/// agent attempt (its work id is the <c>execution_id</c>).
/// </summary>
internal sealed class PlanExecutionEvents(ExecutionIds ids, Guid contextId, Guid planId, Guid traceId, DateTimeOffset at)
{
    private const string Source = "plan";

    public Guid TraceId => traceId;

    private SaScope Scope => new(ids.SaId, contextId, planId, traceId);

    /// <summary>The SA starting up on the plan, and the plan's DAG as one bulk graph update.</summary>
    public IEnumerable<OutboxEvent> Started(IReadOnlyList<PlanStep> steps)
    {
        yield return Sa("SAInitialized", new JsonObject { ["pipeline_id"] = ids.PipelineId.ToString() });
        yield return Sa("SAContextLoaded", new JsonObject());
        yield return Sa("SAPlanEvaluated", new JsonObject
        {
            ["step_count"] = steps.Count,
            ["step_order"] = new JsonArray([.. steps.OrderBy(s => s.OrderIndex).ThenBy(s => s.Position).Select(s => (JsonNode?)s.StepId.ToString())]),
        });
        var edges = steps.SelectMany(s => s.Dependencies.Select(d => new JsonObject { ["from"] = d.ToString(), ["to"] = s.StepId.ToString() })).ToList();
        yield return Family(Source, GraphUpdate, "bulk", traceId, at, new JsonObject
        {
            ["graph_id"] = planId.ToString(),
            ["update_kind"] = "bulk",
            ["node_delta"] = steps.Count,
            ["edge_delta"] = edges.Count,
            ["source_module"] = Source,
            ["nodes"] = new JsonArray([.. steps.Select(s => (JsonNode?)new JsonObject { ["node_id"] = s.StepId.ToString(), ["agent_role"] = s.AgentRole })]),
            ["edges"] = new JsonArray([.. edges]),
        });
    }

    /// <summary>A step's first attempt: the SA starts it and its stage runs.</summary>
    public IEnumerable<OutboxEvent> StepStarted(PlanStep step)
    {
        yield return Sa("SAStepStarted", new JsonObject
        {
            ["step_id"] = step.StepId.ToString(),
            ["agent_role"] = step.AgentRole,
            ["description"] = TraceEvents.Excerpt(step.Description),
        });
        yield return Stage(step, PlanSchedule.InProgress);
    }

    /// <summary>An attempt handed to an agent.</summary>
    public OutboxEvent AttemptStarted(DispatchRequest request)
        => Execution(request.WorkId, request.Step.AgentRole, "running", new JsonObject
        {
            ["step_id"] = request.Step.StepId.ToString(),
            ["attempt"] = request.Attempt,
        });

    /// <summary>How an attempt ended: completed, or failed (an agent's failure or its silence until the deadline).</summary>
    public OutboxEvent AttemptEnded(AttemptOutcome attempt)
        => Execution(attempt.WorkId, attempt.AgentRole, attempt.Outcome == AgentResult.Completed ? "completed" : "failed", new JsonObject
        {
            ["step_id"] = attempt.StepId.ToString(),
            ["attempt"] = attempt.Attempt,
            ["outcome"] = attempt.Outcome,
            ["will_retry"] = attempt.WillRetry,
            ["started_at"] = MplpTime.Format(attempt.StartedAt),
            ["duration_ms"] = (long)(attempt.EndedAt - attempt.StartedAt).TotalMilliseconds,
        });

    /// <summary>A step's new status: its stage's transition and, once it ends, the SA's step result.</summary>
    public IEnumerable<OutboxEvent> StepSettled(PlanStep step, string status, AttemptOutcome? attempt)
    {
        yield return Stage(step, status);
        if (status is PlanSchedule.Completed or PlanSchedule.Failed)
        {
            var result = new JsonObject { ["attempts"] = attempt?.Attempt };
            if (attempt is not null)
            {
                result["output"] = TraceEvents.Excerpt(attempt.Output);
                result["error"] = TraceEvents.Excerpt(attempt.Error);
            }

            yield return Sa(status == PlanSchedule.Completed ? "SAStepCompleted" : "SAStepFailed", new JsonObject
            {
                ["step_id"] = step.StepId.ToString(),
                ["status"] = status,
                ["result"] = result,
            });
        }
    }

    /// <summary>The execution's end: its trace is complete, then the SA is done.</summary>
    public IEnumerable<OutboxEvent> Ended(string planStatus, IReadOnlyDictionary<Guid, string> steps)
    {
        yield return Sa("SATraceEmitted", new JsonObject { ["plan_status"] = planStatus });
        yield return Sa("SACompleted", new JsonObject
        {
            ["status"] = planStatus,
            ["completed_steps"] = steps.Values.Count(s => s == PlanSchedule.Completed),
            ["total_steps"] = steps.Count,
        });
    }

    private OutboxEvent Sa(string type, JsonObject payload) => ProtocolEvents.Sa(Source, type, Scope, at, payload);

    private OutboxEvent Stage(PlanStep step, string status)
        => Family(Source, PipelineStage, StageStatusOf(status), traceId, at, new JsonObject
        {
            ["pipeline_id"] = ids.PipelineId.ToString(),
            ["stage_id"] = step.StepId.ToString(),
            ["stage_name"] = TraceEvents.Excerpt(step.Description),
            ["stage_status"] = StageStatusOf(status),
            ["stage_order"] = step.Position,
            ["plan_id"] = planId.ToString(),
        });

    private OutboxEvent Execution(Guid workId, string role, string status, JsonObject fields)
    {
        fields["execution_id"] = workId.ToString();
        fields["executor_kind"] = "agent";
        fields["executor_role"] = role;
        fields["status"] = status;
        fields["pipeline_id"] = ids.PipelineId.ToString();
        fields["plan_id"] = planId.ToString();
        return Family(Source, RuntimeExecution, status, traceId, at, fields);
    }

    // A step status as a stage status: a blocked step never runs, like a skipped one.
    private static string StageStatusOf(string stepStatus) => stepStatus switch
    {
        PlanSchedule.InProgress => "running",
        PlanSchedule.Blocked => "skipped",
        _ => stepStatus,
    };
}
