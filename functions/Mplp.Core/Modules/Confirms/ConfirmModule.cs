using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Confirms;

/// <summary>
/// Confirm: a request for approval of a target object (a context, plan, trace or extension that
/// must exist; its context is the confirm's context). Lifecycle (ours): pending -> approved |
/// rejected through a decision, or cancelled; rejected -> pending through resubmission; approved
/// and cancelled are final. Decisions are only ever appended, so every one is kept. A confirm created
/// with decisions, or resolved, is an import (<see cref="ConfirmImport"/>): its decisions are history.
/// A confirm of an action outside MPLP (<c>other</c>) names its own context (<see cref="OtherTargets"/>).
/// </summary>
public static class ConfirmModule
{
    /// <summary>Target types whose objects we can find; <c>other</c> names nothing we could check.</summary>
    public static readonly IReadOnlyList<string> TargetTypes = ["context", "plan", "trace", "extension"];

    public static readonly Lifecycle Lifecycle = new(
        initial: ["pending"],
        transitions: new Dictionary<string, string[]>
        {
            ["pending"] = ["approved", "rejected", "cancelled"],
            ["rejected"] = ["pending", "cancelled"],
            ["approved"] = [],
            ["cancelled"] = [],
        },
        actionOnly: ["approved", "rejected", "pending"]);

    public static readonly ModuleDefinition Definition = new(
        Name: "confirm",
        Collection: "confirms",
        IdField: "confirm_id",
        Lifecycle: Lifecycle,
        HasTimestamps: false,
        // The trace reference is immutable too: an "other" confirm's context is named there.
        ImmutableFields: ["target_type", "target_id", "requested_at", "decisions", "trace"],
        ContextIdOf: OtherTargets.ContextIdOf)
    {
        TargetOf = Target,
        PrepareNew = (document, now) =>
        {
            // Decisions sent with a new confirm are imported history (ConfirmImport); live ones come through the decisions action.
            document["decisions"] ??= new JsonArray();
            document["requested_at"] ??= MplpTime.Format(now);
        },
        CheckRules = document => TargetTypes.Contains(document["target_type"]!.GetValue<string>())
            ? ConfirmImport.Check(document)
            : OtherTargets.Is(document)
            ? [.. OtherTargets.Check(document), .. ConfirmImport.Check(document)]
            : [new SchemaError("/target_type", $"must be one of {string.Join(", ", TargetTypes)}: the platform checks that the target exists"), .. ConfirmImport.Check(document)],
        Import = ConfirmImport.Rule,
    };

    private static (string Module, Guid Id)? Target(JsonObject document)
        => OtherTargets.Is(document) ? null : (document["target_type"]!.GetValue<string>(), Guid.Parse(document["target_id"]!.GetValue<string>()));
}
