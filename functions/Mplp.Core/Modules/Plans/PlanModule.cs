using System.Text.Json.Nodes;

namespace Mplp.Core.Modules.Plans;

/// <summary>
/// Plan: steps to reach an objective inside a context. Lifecycle (ours): draft &lt;-&gt; proposed;
/// proposed -> approved only through the approve action (or an approved Confirm); approved ->
/// in_progress -> completed | failed through execution; draft, proposed, approved and in_progress
/// may be cancelled; completed, failed and cancelled are final. What was approved is what runs:
/// from approved on the content is frozen; approved -> draft (which drops the approval) reopens it.
/// </summary>
public static class PlanModule
{
    public static readonly Lifecycle Lifecycle = new(
        initial: ["draft", "proposed"],
        transitions: new Dictionary<string, string[]>
        {
            ["draft"] = ["proposed", "cancelled"],
            ["proposed"] = ["draft", "approved", "cancelled"],
            ["approved"] = ["draft", "in_progress", "cancelled"],
            ["in_progress"] = ["completed", "failed", "cancelled"],
            ["completed"] = [],
            ["failed"] = [],
            ["cancelled"] = [],
        },
        actionOnly: ["approved", "in_progress", "completed", "failed"]);

    public static readonly ModuleDefinition Definition = new(
        Name: "plan",
        Collection: "plans",
        IdField: "plan_id",
        Lifecycle: Lifecycle,
        HasTimestamps: false,
        // A plan stays in the context it was made for: its events and approvals belong there.
        ImmutableFields: ["context_id"],
        ContextIdOf: document => Guid.Parse(document["context_id"]!.GetValue<string>()))
    {
        PrepareNew = (document, _) => PendingSteps(document),
        SpanPlanIdOf = (id, _) => id,
        CheckRules = PlanRules.Check,
        CappedList = new("steps", limits => limits.MaxPlanSteps),
        WorkStatuses = ["in_progress"],
        FrozenStatuses = ["approved", "in_progress"],
        ContentOf = Content,
    };

    /// <summary>
    /// What an approval approves: the plan without its status, its steps' statuses (execution writes
    /// them) and the server's stamps.
    /// </summary>
    public static JsonObject Content(JsonObject plan)
    {
        var content = plan.DeepClone().AsObject();
        content.Remove("status");
        if (content["meta"] is JsonObject meta)
        {
            foreach (var stamp in ServerFields.Stamps)
            {
                meta.Remove(stamp);
            }
        }

        foreach (var step in (content["steps"] as JsonArray ?? []).OfType<JsonObject>())
        {
            step.Remove("status");
        }

        return content;
    }

    /// <summary>New steps start pending; the schema requires a status, clients rarely have one to give.</summary>
    private static void PendingSteps(JsonObject document)
    {
        if (document["steps"] is not JsonArray steps)
        {
            return;
        }

        foreach (var step in steps.OfType<JsonObject>())
        {
            step["status"] ??= "pending";
        }
    }
}
