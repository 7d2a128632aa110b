using System.Text.Json.Nodes;

namespace Mplp.Core.Modules.Contexts;

/// <summary>
/// Context: the scope of a piece of work. Lifecycle (ours; the schema only lists the statuses):
/// draft -> active | closed; active -> suspended | archived | closed; suspended -> active |
/// archived | closed; archived and closed are final. Work (plans, executions) needs <c>active</c>.
/// A context created without <c>trace</c> gets its main trace, where all its events go.
/// </summary>
public static class ContextModule
{
    public static readonly Lifecycle Lifecycle = new(
        initial: ["draft", "active"],
        transitions: new Dictionary<string, string[]>
        {
            ["draft"] = ["active", "closed"],
            ["active"] = ["suspended", "archived", "closed"],
            ["suspended"] = ["active", "archived", "closed"],
            ["archived"] = [],
            ["closed"] = [],
        });

    public static readonly ModuleDefinition Definition = new(
        Name: "context",
        Collection: "contexts",
        IdField: "context_id",
        Lifecycle: Lifecycle,
        HasTimestamps: true,
        // The trace binding decides where the context's events go; moving it would split its history.
        ImmutableFields: ["trace"],
        ContextIdOf: IdOf)
    {
        OwnTraceIdOf = OwnTrace.IdOf,
        PrepareNew = (document, _) => OwnTrace.AssignIfMissing(document, document["context_id"]),
    };

    private static Guid? IdOf(JsonObject document) => Guid.Parse(document["context_id"]!.GetValue<string>());
}
