using System.Text.Json.Nodes;

namespace Mplp.Core.Modules.Plans;

/// <summary>One step as the executor sees it.</summary>
/// <param name="Position">Its place in the plan's <c>steps</c>, the last tie-breaker.</param>
public sealed record PlanStep(Guid StepId, IReadOnlyList<Guid> Dependencies, int OrderIndex, int Position, string AgentRole, string Description);

/// <summary>
/// The order a plan's steps run in: a step is ready once every step it depends on is completed;
/// ready steps start by <c>order_index</c> (absent: last), then by their place in the plan. A
/// failed step blocks every step that depends on it, directly or not.
/// </summary>
public static class PlanSchedule
{
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Blocked = "blocked";
    public const string Skipped = "skipped";

    /// <summary>The steps of a stored (hence valid) plan; steps without a role go to the <c>default</c> role.</summary>
    public static IReadOnlyList<PlanStep> StepsOf(JsonObject plan)
        => [.. (plan["steps"] as JsonArray ?? []).Select((node, position) =>
        {
            var step = node!.AsObject();
            return new PlanStep(
                Guid.Parse(step["step_id"]!.GetValue<string>()),
                [.. (step["dependencies"] as JsonArray ?? []).Select(d => Guid.Parse(d!.GetValue<string>()))],
                step["order_index"]?.GetValue<int>() ?? int.MaxValue,
                position,
                step["agent_role"]?.GetValue<string>() ?? "default",
                step["description"]!.GetValue<string>());
        })];

    /// <summary>Pending steps whose dependencies are all completed, in the order they should start.</summary>
    public static IEnumerable<PlanStep> Ready(IReadOnlyList<PlanStep> steps, IReadOnlyDictionary<Guid, string> status)
        => steps
            .Where(s => status[s.StepId] == Pending && s.Dependencies.All(d => status[d] == Completed))
            .OrderBy(s => s.OrderIndex)
            .ThenBy(s => s.Position);

    /// <summary>Every step that depends on <paramref name="failed"/>, directly or through others.</summary>
    public static IReadOnlySet<Guid> DependentsOf(IReadOnlyList<PlanStep> steps, Guid failed)
    {
        var dependents = new HashSet<Guid>();
        var frontier = new Queue<Guid>([failed]);
        while (frontier.TryDequeue(out var id))
        {
            foreach (var step in steps.Where(s => s.Dependencies.Contains(id) && dependents.Add(s.StepId)))
            {
                frontier.Enqueue(step.StepId);
            }
        }

        return dependents;
    }
}
