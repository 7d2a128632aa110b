using System.Text.Json.Nodes;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Confirms;

namespace Mplp.Core.Tests.Modules.Confirms;

public sealed class ApprovalPolicyTests
{
    private static readonly DateTimeOffset Since = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_EmptyBody_IsOneApprovalByAnyRole_RejectedNeverByTime()
    {
        var policy = ApprovalPolicy.Parse([]);

        Assert.Equal((1, null, "reject", false, false), (policy.RequiredApprovals, policy.Timeout, policy.OnTimeout, policy.ExecutePlan, policy.AllowSelfApproval));
        Assert.Empty(policy.AllowedRoles);
        Assert.Empty(policy.EscalationRoles);
    }

    [Fact]
    public void Parse_ToJson_RoundTrips()
    {
        var body = JsonNode.Parse("""
            {"required_approvals":2,"allowed_roles":["reviewer"],"timeout_seconds":60,"on_timeout":"escalate",
             "escalation_roles":["lead"],"execute_plan":true,"allow_self_approval":true}
            """)!.AsObject();

        var json = ApprovalPolicy.Parse(body).ToJson();

        Assert.True(JsonNode.DeepEquals(body, json), json.ToJsonString());
    }

    [Theory]
    [InlineData("""{"on_timeout":"ignore"}""", "/on_timeout")]
    [InlineData("""{"on_timeout":"escalate"}""", "/escalation_roles")]
    [InlineData("""{"required_approvals":0}""", "/required_approvals")]
    [InlineData("""{"timeout_seconds":0}""", "/timeout_seconds")]
    [InlineData("""{"quorum":2}""", "/quorum")]
    public void Parse_BrokenPolicy_Is400AtItsPath(string body, string path)
    {
        var problem = Assert.Throws<ProblemException>(() => ApprovalPolicy.Parse(JsonNode.Parse(body)!.AsObject())).Problem;

        Assert.Equal((400, "VALIDATION_FAILED"), (problem.Status, problem.Code));
        Assert.Equal([path], problem.Errors!.Select(e => e.Path));
    }

    [Theory]
    [InlineData("reviewer", false, true)]
    [InlineData("intern", false, false)]
    [InlineData(null, false, false)]
    [InlineData("lead", false, false)]
    [InlineData("lead", true, true)]
    public void Allows_ARole_OnlyAllowedOnesAndAfterEscalationTheEscalationRoles(string? role, bool escalated, bool expected)
        => Assert.Equal(expected, Policy(1).Allows(role, escalated));

    [Fact]
    public void Allows_NoAllowedRoles_AnyRoleOrNone()
    {
        var anyone = new ApprovalPolicy(1, [], null, "reject", []);

        Assert.True(anyone.Allows("intern", escalated: false));
        Assert.True(anyone.Allows(null, escalated: false));
    }

    [Fact]
    public void Resolve_Approvals_ApproveOnlyAtTheQuorumOfAllowedRoles()
    {
        var policy = Policy(2);

        Assert.Null(policy.Resolve(Decisions(("approved", "reviewer"), ("approved", "intern")), Since, escalated: false));
        Assert.Equal("approved", policy.Resolve(Decisions(("approved", "reviewer"), ("approved", "reviewer")), Since, escalated: false));
    }

    [Fact]
    public void Resolve_OneRejectionByAnAllowedRole_Rejects_ByAnotherRoleDoesNot()
    {
        var policy = Policy(1);

        Assert.Equal("rejected", policy.Resolve(Decisions(("approved", "reviewer"), ("rejected", "reviewer")), Since, escalated: false));
        Assert.Equal("approved", policy.Resolve(Decisions(("rejected", "intern"), ("approved", "reviewer")), Since, escalated: false));
    }

    [Fact]
    public void Resolve_DecisionsBeforeTheRound_DoNotCount()
    {
        var earlier = Decisions(("rejected", "reviewer"));
        earlier[0]!["decided_at"] = Since.AddSeconds(-1).ToString("O");

        Assert.Null(Policy(1).Resolve(earlier, Since, escalated: false));
    }

    [Fact]
    public void Resolve_Escalated_TheEscalationRolesCount()
    {
        var byLead = Decisions(("approved", "lead"));

        Assert.Null(Policy(1).Resolve(byLead, Since, escalated: false));
        Assert.Equal("approved", Policy(1).Resolve(byLead, Since, escalated: true));
    }

    private static ApprovalPolicy Policy(int required) => new(required, ["reviewer"], TimeSpan.FromMinutes(5), "escalate", ["lead"]);

    private static JsonArray Decisions(params (string Status, string Role)[] decisions)
        => new([.. decisions.Select(d => (JsonNode)new JsonObject
        {
            ["status"] = d.Status,
            ["decided_by_role"] = d.Role,
            ["decided_at"] = Since.AddMinutes(1).ToString("O"),
        })]);
}
