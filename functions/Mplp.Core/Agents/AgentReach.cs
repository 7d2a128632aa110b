using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Agents;

/// <summary>
/// Who may claim a work item over HTTP: a principal holding <c>plan:work</c> in the item's context
/// and a role named as the item's role there (assigned everywhere or in that context), or an
/// administrator there (<c>*</c>). A role is named by its name or by its id (a collab participant's
/// <c>role_id</c>, a step's <c>agent_role</c> written as a role id).
/// </summary>
public static class AgentReach
{
    public static bool MayClaim(Grants grants, Guid contextId, string agentRole)
    {
        var here = grants.All.Where(g => g.ContextId is null || g.ContextId == contextId).ToList();
        return here.Any(g => g.Capabilities.Contains(Capabilities.Everything))
            || (here.Any(g => g.Covers(Capabilities.PlanWork)) && here.Any(g => Names(g, agentRole)));
    }

    private static bool Names(Grant grant, string agentRole)
        => string.Equals(grant.RoleName, agentRole, StringComparison.Ordinal)
            || (grant.RoleId is { } id && Guid.TryParse(agentRole, out var named) && named == id);
}
