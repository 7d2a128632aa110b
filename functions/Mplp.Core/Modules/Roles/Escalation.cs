using System.Text.Json.Nodes;
using Mplp.Core.Errors;

namespace Mplp.Core.Modules.Roles;

/// <summary>
/// Nobody grants more than they hold: assigning a role, listing a capability in a role and issuing
/// an API key each hand capabilities on, so each needs the caller to hold them where they will apply.
/// Administrators (<c>*</c>) hold everything, so the rules never stop them.
/// </summary>
public static class Escalation
{
    /// <summary>
    /// What only a global <c>role:assign</c> hands out, even to a context: <c>*</c>, what gives
    /// <c>role:keys</c> (keys act everywhere) and the instance's own module (core).
    /// </summary>
    public static bool IsBeyondContext(string capability)
        => capability == Capabilities.Everything
            || Capabilities.Covers(capability, Capabilities.RoleKeys)
            || capability.StartsWith($"{CoreManifest.CoreModule.Definition.Name}:", StringComparison.Ordinal);

    /// <summary>The capabilities of <paramref name="wanted"/> that <paramref name="held"/> does not give in <paramref name="contextId"/> (null: globally).</summary>
    public static IReadOnlyList<string> Missing(Grants held, IEnumerable<string> wanted, Guid? contextId)
        => [.. wanted.Distinct(StringComparer.Ordinal).Where(capability => !held.All.Any(g => g.Covers(capability) && (g.ContextId is null || g.ContextId == contextId)))];

    /// <summary>
    /// 403 unless an assigner holding <paramref name="assigner"/> may give a role listing
    /// <paramref name="role"/> in <paramref name="contextId"/> (null: everywhere).
    /// <paramref name="globalAssign"/>: whether the assigner holds <c>role:assign</c> globally.
    /// </summary>
    public static void RequireAssignable(Grants assigner, IReadOnlyCollection<string> role, Guid? contextId, bool globalAssign)
    {
        var missing = Missing(assigner, role, contextId);
        var reserved = globalAssign ? [] : role.Where(IsBeyondContext).ToList();
        if (missing.Count > 0)
        {
            throw Problems.EscalationForbidden(missing, contextId is { } context
                ? $"The role lists {Join(missing)}, which the caller does not hold in context {context} (globally or there)."
                : $"The role lists {Join(missing)}, which the caller does not hold globally.");
        }

        if (reserved.Count > 0)
        {
            throw Problems.EscalationForbidden(reserved,
                $"The role lists {Join(reserved)}: only a global role:assign gives '*', role:keys or core capabilities.");
        }
    }

    /// <summary>403 unless the author of a role holds every capability it lists, globally.</summary>
    public static void RequireHeldGlobally(Grants author, IEnumerable<string> listed, string what)
    {
        var missing = Missing(author, listed, null);
        if (missing.Count > 0)
        {
            throw Problems.EscalationForbidden(missing, $"{what} {Join(missing)}, which the caller does not hold globally.");
        }
    }

    /// <summary>The capabilities a role body (or a patch) lists; anything else there is the schema's and the rules' to refuse.</summary>
    public static IEnumerable<string> ListedIn(JsonObject role)
        => role["capabilities"] is JsonArray listed
            ? listed.Select(c => c is JsonValue value && value.TryGetValue<string>(out var text) ? text : null).OfType<string>().Where(Capabilities.IsGrantable)
            : [];

    private static string Join(IEnumerable<string> capabilities) => string.Join(", ", capabilities.Select(c => $"'{c}'"));
}
