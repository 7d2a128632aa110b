using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules;

/// <summary>What the shared entity machinery needs to know about one MPLP module.</summary>
/// <param name="Name">Singular module name as in the schemas and events, e.g. <c>plan</c>.</param>
/// <param name="Collection">Plural collection name of the HTTP API and the table, e.g. <c>plans</c>.</param>
/// <param name="IdField">The object's id property, e.g. <c>plan_id</c>.</param>
/// <param name="Lifecycle">The status transitions we allow.</param>
/// <param name="HasTimestamps">Whether the schema has top-level <c>created_at</c>/<c>updated_at</c> the server keeps.</param>
/// <param name="ImmutableFields">Top-level fields a patch may not change, besides the id.</param>
/// <param name="ContextIdOf">The context an object names (stored beside it for filtering and referential integrity), or null when it reaches its context through a target.</param>
public sealed record ModuleDefinition(
    string Name,
    string Collection,
    string IdField,
    Lifecycle Lifecycle,
    bool HasTimestamps,
    IReadOnlyList<string> ImmutableFields,
    Func<JsonObject, Guid?> ContextIdOf)
{
    /// <summary>
    /// Where the object's own trace id is, for an object that owns a trace (a context). Objects of
    /// other modules log their events to the trace of their context.
    /// </summary>
    public Func<JsonObject, Guid>? OwnTraceIdOf { get; init; }

    /// <summary>
    /// For an object that points at another one (a confirm at its target): which module and id.
    /// The target must exist, and its context is the object's context.
    /// </summary>
    public Func<JsonObject, (string Module, Guid Id)?>? TargetOf { get; init; }

    /// <summary>
    /// The plan named on the spans (and so the logs) of a request that touches the object: a plan's own
    /// id, a trace's plan. Given the object's id, and its document only for a new object: a read tags
    /// from the row alone, since reading the stored document's fields would materialize its whole JSON tree.
    /// </summary>
    public Func<Guid, JsonObject?, Guid?>? SpanPlanIdOf { get; init; }

    /// <summary>Statuses that start work (a plan's <c>in_progress</c>): the object's context must then be active.</summary>
    public IReadOnlyCollection<string> WorkStatuses { get; init; } = [];

    /// <summary>
    /// Statuses in which the object's <see cref="ContentOf"/> is frozen (a plan from approved on):
    /// a change to it is refused with 409 <c>{MODULE}_FROZEN</c>; its status may still move.
    /// </summary>
    public IReadOnlyCollection<string> FrozenStatuses { get; init; } = [];

    /// <summary>The part of the object that <see cref="FrozenStatuses"/> freeze (required with them).</summary>
    public Func<JsonObject, JsonObject>? ContentOf { get; init; }

    /// <summary>
    /// Fills in what a new object may leave out, before validation (e.g. a step's status), given the
    /// time of the create (the server's clock, as in the object's <c>meta</c>).
    /// </summary>
    public Action<JsonObject, DateTimeOffset>? PrepareNew { get; init; }

    /// <summary>Rules beyond the schema (e.g. a plan's step graph); each broken rule names its JSON path.</summary>
    public Func<JsonObject, IReadOnlyList<SchemaError>>? CheckRules { get; init; }

    /// <summary>The list that grows through the module's actions or content (a plan's steps), held to its configured cap.</summary>
    public CappedList? CappedList { get; init; }

    /// <summary>How a new object that brings a finished record is created (see <see cref="ImportRule"/>); null: never.</summary>
    public ImportRule? Import { get; init; }
}
