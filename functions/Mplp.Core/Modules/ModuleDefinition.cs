using System.Text.Json.Nodes;

namespace Mplp.Core.Modules;

/// <summary>What the shared entity machinery needs to know about one MPLP module.</summary>
/// <param name="Name">Singular module name as in the schemas and events, e.g. <c>context</c>.</param>
/// <param name="Collection">Plural collection name of the HTTP API and the table, e.g. <c>contexts</c>.</param>
/// <param name="IdField">The object's id property, e.g. <c>context_id</c>.</param>
/// <param name="Lifecycle">The status transitions we allow.</param>
/// <param name="HasTimestamps">Whether the schema has top-level <c>created_at</c>/<c>updated_at</c> the server keeps.</param>
/// <param name="ImmutableFields">Top-level fields a patch may not change, besides the id.</param>
/// <param name="ContextIdOf">The context an object belongs to (stored beside it for filtering).</param>
/// <param name="TraceIdOf">The trace whose event log partition receives the object's events.</param>
public sealed record ModuleDefinition(
    string Name,
    string Collection,
    string IdField,
    Lifecycle Lifecycle,
    bool HasTimestamps,
    IReadOnlyList<string> ImmutableFields,
    Func<JsonObject, Guid?> ContextIdOf,
    Func<JsonObject, Guid> TraceIdOf);
