using System.Text.Json.Nodes;
using Mplp.Core.Errors;
using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Tests.Modules.Roles;

/// <summary>The rules themselves; <c>Mplp.Functions.Tests</c>' EscalationTests check them through the endpoints that apply them.</summary>
public sealed class EscalationTests
{
    private static readonly Guid Here = Guid.NewGuid();

    [Theory]
    [InlineData("*", true)]
    [InlineData("role:keys", true)]
    [InlineData("role:*", true)]
    [InlineData("core:admin", true)]
    [InlineData("core:read", true)]
    [InlineData("role:assign", false)]
    [InlineData("plan:*", false)]
    public void IsBeyondContext_WhatOnlyAGlobalAssignerHandsOut(string capability, bool expected)
        => Assert.Equal(expected, Escalation.IsBeyondContext(capability));

    [Fact]
    public void Missing_WhatNoGrantGivesWhereItApplies_OnceEach()
    {
        var held = Held(Global("plan:*"), In(Here, "confirm:decide"));

        Assert.Equal(["confirm:decide", "trace:read"], Escalation.Missing(held, ["plan:read", "confirm:decide", "trace:read", "trace:read"], null));
        Assert.Equal(["trace:read"], Escalation.Missing(held, ["plan:read", "confirm:decide", "trace:read"], Here));
    }

    [Fact]
    public void RequireAssignable_ACapabilityTheAssignerLacks_Is403NamingIt()
    {
        var problem = Assert.Throws<ProblemException>(() => Escalation.RequireAssignable(Held(Global("plan:read")), ["plan:read", "plan:approve"], null, globalAssign: true)).Problem;

        Assert.Equal((403, "ESCALATION_FORBIDDEN", "plan:approve"), (problem.Status, problem.Code, problem.RequiredCapability));
    }

    [Fact]
    public void RequireAssignable_ReservedCapability_NeedsAGlobalAssigner()
    {
        var contextAdmin = Held(In(Here, "*"));

        var problem = Assert.Throws<ProblemException>(() => Escalation.RequireAssignable(contextAdmin, ["plan:read", "role:keys"], Here, globalAssign: false)).Problem;
        Escalation.RequireAssignable(contextAdmin, ["plan:read"], Here, globalAssign: false);
        Escalation.RequireAssignable(Held(Global("*")), ["plan:read", "role:keys"], Here, globalAssign: true);

        Assert.Equal(("ESCALATION_FORBIDDEN", "role:keys"), (problem.Code, problem.RequiredCapability));
    }

    [Fact]
    public void RequireHeldGlobally_HeldOnlyInAContext_Is403()
    {
        var problem = Assert.Throws<ProblemException>(() => Escalation.RequireHeldGlobally(Held(In(Here, "plan:*")), ["plan:read"], "The role lists")).Problem;
        Escalation.RequireHeldGlobally(Held(Global("plan:*")), ["plan:read"], "The role lists");

        Assert.Equal((403, "plan:read"), (problem.Status, problem.RequiredCapability));
    }

    [Fact]
    public void ListedIn_OnlyGrantableStrings()
    {
        var role = JsonNode.Parse("""{"capabilities":["plan:read", 3, "bogus", "*", null]}""")!.AsObject();

        Assert.Equal(["plan:read", "*"], Escalation.ListedIn(role));
        Assert.Empty(Escalation.ListedIn(new JsonObject { ["name"] = "no capabilities" }));
    }

    private static Grants Held(params Grant[] grants) => new(grants);

    private static Grant Global(params string[] capabilities) => new(Guid.NewGuid(), "role", capabilities, null);

    private static Grant In(Guid contextId, params string[] capabilities) => new(Guid.NewGuid(), "role", capabilities, contextId);
}
