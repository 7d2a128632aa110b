using Mplp.Core.Modules.CoreManifest;

namespace Mplp.Core.Modules.Roles;

/// <summary>
/// What a role may grant: <c>module:verb</c>. Every module has <c>read</c> and <c>write</c>; the
/// actions that deserve their own grant have their own verb. A role may also hold <c>module:*</c>
/// (every verb of a module) or <c>*</c> (everything).
/// </summary>
public static class Capabilities
{
    public const string Everything = "*";
    public const string PlanApprove = "plan:approve";
    public const string PlanExecute = "plan:execute";
    public const string PlanWork = "plan:work";
    public const string ConfirmDecide = "confirm:decide";
    public const string ConfirmImport = "confirm:import";
    public const string TraceRead = "trace:read";
    public const string TraceAppend = "trace:append";
    public const string NetworkHeartbeat = "network:heartbeat";
    public const string RoleRead = "role:read";
    public const string RoleAssign = "role:assign";
    public const string RoleKeys = "role:keys";
    public const string CollabExecute = "collab:execute";
    public const string CoreAdmin = "core:admin";

    /// <summary>Every capability an endpoint can require.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        .. CoreModule.ProtocolModules.SelectMany(m => new[] { $"{m}:read", $"{m}:write" }),
        PlanApprove, PlanExecute, PlanWork, ConfirmDecide, ConfirmImport, TraceAppend, NetworkHeartbeat, RoleAssign, RoleKeys, CollabExecute, CoreAdmin,
    ];

    public static string Read(ModuleDefinition module) => $"{module.Name}:read";

    public static string Write(ModuleDefinition module) => $"{module.Name}:write";

    /// <summary>Whether a role holding <paramref name="held"/> (a capability or a wildcard) has <paramref name="wanted"/>.</summary>
    public static bool Covers(string held, string wanted)
        => held == Everything
            || held == wanted
            || (held.EndsWith(":*", StringComparison.Ordinal) && wanted.StartsWith(held[..^1], StringComparison.Ordinal));

    /// <summary>A capability a role may list: a known one, a known module's <c>module:*</c>, or <c>*</c>.</summary>
    public static bool IsGrantable(string held)
        => held == Everything
            || All.Contains(held)
            || (held.EndsWith(":*", StringComparison.Ordinal) && CoreModule.ProtocolModules.Contains(held[..^2]));
}
