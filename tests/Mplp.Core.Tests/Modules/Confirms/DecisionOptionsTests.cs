using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Roles;

namespace Mplp.Core.Tests.Modules.Confirms;

public sealed class DecisionOptionsTests
{
    private static readonly Grant Reviewer = new(Guid.NewGuid(), "Reviewer", ["confirm:decide"], null);
    private static readonly Grant Admin = new(null, "administrator (configuration)", ["*"], null);
    private static readonly ApprovalPolicy ReviewersOnly = new(1, ["reviewer"], null, "reject", []);

    [Fact]
    public void Of_AHolderOfConfirmDecideWithoutPolicy_MayMakeEveryDecision()
    {
        var options = DecisionOptions.Of(Facts([Reviewer]));

        Assert.Equal(["approved", "rejected", "cancelled"], options.Statuses);
        Assert.Equal(["Reviewer"], options.Roles);
        Assert.Empty(options.Reasons);
    }

    [Fact]
    public void Of_APrincipalWithoutConfirmDecide_MayMakeNone()
    {
        var options = DecisionOptions.Of(Facts([new Grant(Guid.NewGuid(), "reader", ["confirm:read"], null)]));

        Assert.Empty(options.Statuses);
        Assert.Contains("confirm:decide", options.Reasons.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("approved", false)]
    [InlineData("pending", true)]
    public void Of_AResolvedConfirmOrARepeatedDecision_OffersNothing(string status, bool decided)
    {
        Assert.Empty(DecisionOptions.Of(Facts([Reviewer]) with { ConfirmStatus = status, HasDecided = decided }).Statuses);
    }

    [Fact]
    public void Of_TheAuthor_MayRejectButNotApprove_UnlessThePolicyAllowsSelfApproval()
    {
        var own = DecisionOptions.Of(Facts([Reviewer]) with { IsAuthor = true });
        var waived = DecisionOptions.Of(Facts([Reviewer]) with { IsAuthor = true, Policy = new ApprovalPolicy(1, [], null, "reject", [], AllowSelfApproval: true) });

        Assert.Equal(["rejected", "cancelled"], own.Statuses);
        Assert.Contains(waived.Statuses, s => s == "approved");
    }

    [Fact]
    public void Of_APolicyNamingRoles_OffersOnlyThoseHeld_InThePolicysSpelling_AndAnyToAnAdministrator()
    {
        var holder = DecisionOptions.Of(Facts([Reviewer]) with { Policy = ReviewersOnly });
        var other = DecisionOptions.Of(Facts([new Grant(Guid.NewGuid(), "ops", ["confirm:decide"], null)]) with { Policy = ReviewersOnly });
        var admin = DecisionOptions.Of(Facts([Admin]) with { Policy = ReviewersOnly });

        Assert.Equal(["reviewer"], holder.Roles);
        Assert.Equal(3, holder.Statuses.Count);
        Assert.Empty(other.Statuses);
        Assert.Equal(["reviewer"], admin.Roles);
        Assert.Equal(3, admin.Statuses.Count);
    }

    [Fact]
    public void Of_APlanNoLongerProposed_CannotBeApprovedWithoutPolicy()
    {
        var options = DecisionOptions.Of(Facts([Reviewer]) with { PlanStatus = "cancelled" });

        Assert.Equal(["rejected", "cancelled"], options.Statuses);
    }

    private static DecisionFacts Facts(IReadOnlyList<Grant> grants) => new("pending", null, grants, IsAuthor: false, HasDecided: false, PlanStatus: "proposed");
}
