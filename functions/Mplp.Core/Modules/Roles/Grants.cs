using Mplp.Core.Access;

namespace Mplp.Core.Modules.Roles;

/// <summary>One role a principal holds, everywhere (<see cref="ContextId"/> null) or within one context.</summary>
/// <param name="RoleId">Null for an administrator named in configuration.</param>
public sealed record Grant(Guid? RoleId, string RoleName, IReadOnlyList<string> Capabilities, Guid? ContextId)
{
    public bool Covers(string capability) => Capabilities.Any(held => Roles.Capabilities.Covers(held, capability));
}

/// <summary>Everything a principal holds, and where a given capability holds for it.</summary>
public sealed class Grants(IReadOnlyList<Grant> all)
{
    public IReadOnlyList<Grant> All { get; } = all;

    /// <summary>Where <paramref name="capability"/> holds; null if nowhere.</summary>
    public ContextScope? ScopeOf(string capability)
    {
        var granting = All.Where(g => g.Covers(capability)).ToList();
        if (granting.Count == 0)
        {
            return null;
        }

        return granting.Any(g => g.ContextId is null)
            ? ContextScope.Everywhere
            : ContextScope.Only(granting.Select(g => g.ContextId!.Value).ToHashSet(), capability);
    }

    /// <summary>The grants that give <paramref name="capability"/> in <paramref name="contextId"/> (null: outside any context).</summary>
    public IEnumerable<Grant> Granting(string capability, Guid? contextId)
        => All.Where(g => g.Covers(capability) && (g.ContextId is null || g.ContextId == contextId));
}
