namespace Mplp.Core.Caching;

/// <summary>What an instance keeps in memory that a change must beat; each value names the caches that forget.</summary>
public enum CachedState
{
    /// <summary>What principals hold (<see cref="Modules.Roles.PrincipalGrants"/>): a role or an assignment changed.</summary>
    Grants,

    /// <summary>Which modules are disabled (<see cref="Modules.CoreManifest.ModuleGate"/>): the manifest changed.</summary>
    ModuleSwitches,
}
