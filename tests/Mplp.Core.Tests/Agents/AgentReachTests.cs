using Mplp.Core.Agents;
using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Tests.Agents;

public sealed class AgentReachTests
{
    private static readonly Guid Here = Guid.NewGuid();
    private static readonly Guid Elsewhere = Guid.NewGuid();
    private static readonly Guid CoderId = Guid.NewGuid();

    [Fact]
    public void MayClaim_PlanWorkAndTheRoleInTheContext_IsTrue()
        => Assert.True(AgentReach.MayClaim(Holding(Coder(Here)), Here, "coder"));

    [Fact]
    public void MayClaim_RoleAssignedEverywhere_IsTrue()
        => Assert.True(AgentReach.MayClaim(Holding(Coder(null)), Here, "coder"));

    [Fact]
    public void MayClaim_RoleNamedByItsId_IsTrue()
        => Assert.True(AgentReach.MayClaim(Holding(Coder(Here)), Here, CoderId.ToString()));

    [Fact]
    public void MayClaim_RoleOnlyInAnotherContext_IsFalse()
        => Assert.False(AgentReach.MayClaim(Holding(Coder(Elsewhere)), Here, "coder"));

    [Fact]
    public void MayClaim_PlanWorkUnderAnotherRoleName_IsFalse()
        => Assert.False(AgentReach.MayClaim(Holding(Coder(Here)), Here, "Coder"));

    [Fact]
    public void MayClaim_RoleOfTheNameWithoutPlanWork_IsFalse()
        => Assert.False(AgentReach.MayClaim(Holding(new Grant(CoderId, "coder", ["plan:read"], Here)), Here, "coder"));

    [Fact]
    public void MayClaim_PlanWorkHereAndTheRoleElsewhere_IsFalse()
        => Assert.False(AgentReach.MayClaim(Holding(new Grant(Guid.NewGuid(), "worker", [Capabilities.PlanWork], Here), Coder(Elsewhere)), Here, "coder"));

    [Fact]
    public void MayClaim_AdministratorHere_IsTrue()
        => Assert.True(AgentReach.MayClaim(Holding(new Grant(null, "administrator (configuration)", [Capabilities.Everything], null)), Here, "anyone"));

    [Fact]
    public void MayClaim_AdministratorOnlyElsewhere_IsFalse()
        => Assert.False(AgentReach.MayClaim(Holding(new Grant(Guid.NewGuid(), "admin", [Capabilities.Everything], Elsewhere)), Here, "anyone"));

    private static Grant Coder(Guid? contextId) => new(CoderId, "coder", [Capabilities.PlanWork], contextId);

    private static Grants Holding(params Grant[] grants) => new(grants);
}
