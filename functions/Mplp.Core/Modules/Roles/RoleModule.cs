using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Roles;

/// <summary>
/// Role: a named set of capabilities (<see cref="Capabilities"/>) that principals receive through
/// assignments (<see cref="RoleAssignments"/>), everywhere or within one context. A role has no
/// status and no context; like a context it owns a trace, where its changes are logged. Its name is
/// unique, ignoring case (index <c>roles_name_unique</c>): decisions are made in the name of a role.
/// </summary>
public static class RoleModule
{
    public static readonly ModuleDefinition Definition = new(
        Name: "role",
        Collection: "roles",
        IdField: "role_id",
        Lifecycle: Lifecycle.Stateless,
        HasTimestamps: true,
        ImmutableFields: ["trace"],
        ContextIdOf: _ => null)
    {
        OwnTraceIdOf = OwnTrace.IdOf,
        PrepareNew = (document, _) => OwnTrace.AssignIfMissing(document),
        CheckRules = CheckCapabilities,
    };

    /// <summary>The capabilities a stored role lists.</summary>
    public static IEnumerable<string> CapabilitiesOf(JsonObject role)
        => (role["capabilities"] as JsonArray ?? []).Select(c => c!.GetValue<string>());

    private static IReadOnlyList<SchemaError> CheckCapabilities(JsonObject role)
        => [.. CapabilitiesOf(role)
            .Select((capability, index) => (capability, index))
            .Where(c => !Capabilities.IsGrantable(c.capability))
            .Select(c => new SchemaError($"/capabilities/{c.index}", $"'{c.capability}' is not a capability; use module:verb (e.g. plan:read), module:* or *"))];
}
