using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mplp.Core.Agents;

/// <summary>
/// Version 1 of what the platform and agents send each other, as JSON (snake_case) on Storage
/// queues or over HTTP: a <see cref="WorkItem"/> on the work queue of the agent's role, an
/// <see cref="AgentResult"/> back on the results queue the work item names (<c>reply_to</c>).
/// </summary>
public static class AgentProtocol
{
    public const int Version = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>
/// One piece of work for an agent: one attempt of a plan step (<see cref="PlanStep"/>: plan and
/// step ids set) or one turn of a collaboration session (<see cref="CollabTurn"/>: collab,
/// participant and round set).
/// </summary>
/// <param name="WorkId">Unique per attempt; the result must name it.</param>
/// <param name="ExecutionId">The orchestration the result goes back to.</param>
/// <param name="Deadline">After it, a result is late and changes nothing.</param>
/// <param name="CorrelationId">Ties the messages of one execution together in logs.</param>
/// <param name="TraceId">The MPLP trace (of the context) where the work's events are logged.</param>
/// <param name="TraceParent">
/// The W3C trace context of the span that handed the work out: an agent continues it (its span a
/// child of this one) and names its own span in the result's <c>traceparent</c>.
/// </param>
/// <param name="ClaimToken">
/// The attempt's secret (random, made when the work is handed out): the result must carry it back,
/// or it changes nothing. Whoever holds the work item holds it, so it is shown to nobody else.
/// </param>
public sealed record WorkItem(
    int Version,
    string Kind,
    Guid WorkId,
    string ExecutionId,
    Guid ContextId,
    int Attempt,
    string AgentRole,
    string Description,
    DateTimeOffset Deadline,
    string CorrelationId,
    Guid? TraceId,
    string ReplyTo,
    Guid? PlanId = null,
    Guid? StepId = null,
    Guid? CollabId = null,
    string? ParticipantId = null,
    int? Round = null,
    [property: JsonPropertyName("traceparent")] string? TraceParent = null,
    string? ClaimToken = null)
{
    public const string PlanStep = "plan_step";
    public const string CollabTurn = "collab_turn";

    /// <summary>Attempt <paramref name="attempt"/> of a plan's step: a failed or silent attempt is retried as new work.</summary>
    public static WorkItem ForPlanStep(Guid planId, Guid stepId, int attempt, WorkOrder order)
        => order.ItemOf(PlanStep, attempt) with { PlanId = planId, StepId = stepId };

    /// <summary>A participant's turn in a round of a collab session: its one attempt (a silent turn times out, it is not retried).</summary>
    public static WorkItem ForCollabTurn(Guid collabId, string participantId, int round, WorkOrder order)
        => order.ItemOf(CollabTurn, 1) with { CollabId = collabId, ParticipantId = participantId, Round = round };
}

/// <summary>What an agent reports for a <see cref="WorkItem"/>: <c>completed</c> with an output, or <c>failed</c> with an error.</summary>
/// <param name="TraceParent">The W3C trace context of the agent's span (optional): the platform continues the trace from it.</param>
/// <param name="ClaimToken">The work item's <c>claim_token</c>, echoed: without it (or with another) the result changes nothing.</param>
public sealed record AgentResult(
    int Version,
    Guid WorkId,
    string ExecutionId,
    string Status,
    JsonElement? Output,
    string? Error,
    [property: JsonPropertyName("traceparent")] string? TraceParent = null,
    string? ClaimToken = null)
{
    public const string Completed = "completed";
    public const string Failed = "failed";

    public bool Succeeded => Status == Completed;

    /// <summary>Parses and checks a result message; <see cref="FormatException"/> says what is wrong with it.</summary>
    public static AgentResult Parse(string json)
    {
        AgentResult? result;
        try
        {
            result = JsonSerializer.Deserialize<AgentResult>(json, AgentProtocol.Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not an agent result: {e.Message}", e);
        }

        return result switch
        {
            null => throw new FormatException("not an agent result: null"),
            { Version: not AgentProtocol.Version } => throw new FormatException($"version {result.Version} is not supported (expected {AgentProtocol.Version})"),
            { WorkId: var id } when id == Guid.Empty => throw new FormatException("work_id is missing"),
            { ExecutionId: null or "" } => throw new FormatException("execution_id is missing"),
            { Status: not (Completed or Failed) } => throw new FormatException($"status must be '{Completed}' or '{Failed}'"),
            _ => result,
        };
    }
}
