using Mplp.Core.Errors;

namespace Mplp.Core.Tests.Errors;

public sealed class ProblemCodesTests
{
    [Theory]
    [InlineData("POLICY_FROZEN", 409)]
    [InlineData("SELF_APPROVAL_FORBIDDEN", 403)]
    [InlineData("EXECUTION_NOT_FOUND", 404)]
    [InlineData("PLAN_ALREADY_EXISTS", 409)]
    [InlineData("ROLE_HAS_DEPENDENTS", 409)]
    [InlineData("PLAN_FROZEN", 409)]
    public void StatusOf_CatalogueOrPerModuleCode_IsItsStatus(string code, int status)
        => Assert.Equal(status, ProblemCodes.StatusOf(code));

    [Fact]
    public void StatusOf_CodeNotInTheCatalogue_IsNull()
        => Assert.Null(ProblemCodes.StatusOf("NO_SUCH_PROBLEM"));

    [Fact]
    public void NotFound_Module_IsThatModulesCodeUnderItsStatus()
    {
        var problem = Problems.NotFound("api_key", Guid.Empty).Problem;

        Assert.Equal((404, "API_KEY_NOT_FOUND", "Api_key not found"), (problem.Status, problem.Code, problem.Title));
    }

    [Fact]
    public void Forbidden_Capability_CarriesTheRequiredCapability()
    {
        var problem = Problems.Forbidden("plan:execute", "why").Problem;

        Assert.Equal((403, ProblemCodes.Forbidden, "plan:execute", "why"), (problem.Status, problem.Code, problem.RequiredCapability, problem.Detail));
    }
}
