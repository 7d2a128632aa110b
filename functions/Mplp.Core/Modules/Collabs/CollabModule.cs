namespace Mplp.Core.Modules.Collabs;

/// <summary>
/// Collab: agents and people working together in one mode. Lifecycle (ours): draft -> active |
/// cancelled; active &lt;-&gt; suspended; active and suspended -> completed | cancelled; completed and
/// cancelled are final. Participants join and leave through their actions; at least one remains.
/// </summary>
public static class CollabModule
{
    public static readonly Lifecycle Lifecycle = new(
        initial: ["draft", "active"],
        transitions: new Dictionary<string, string[]>
        {
            ["draft"] = ["active", "cancelled"],
            ["active"] = ["suspended", "completed", "cancelled"],
            ["suspended"] = ["active", "completed", "cancelled"],
            ["completed"] = [],
            ["cancelled"] = [],
        });

    public static readonly ModuleDefinition Definition = new(
        Name: "collab",
        Collection: "collabs",
        IdField: "collab_id",
        Lifecycle: Lifecycle,
        HasTimestamps: true,
        // Participants change through join and leave, which keep the at-least-one rule and log who.
        ImmutableFields: ["context_id", "participants"],
        ContextIdOf: document => Guid.Parse(document["context_id"]!.GetValue<string>()))
    {
        CheckRules = CollabRules.Check,
        CappedList = new("participants", limits => limits.MaxCollabParticipants),
    };
}
