using Mplp.Core.Errors;

namespace Mplp.Core.Modules.Plans;

/// <summary>Four eyes (a plan, or any confirm's target): the refusal when the author of what is approved approves it.</summary>
public static class SelfApproval
{
    public const string Code = "SELF_APPROVAL_FORBIDDEN";

    public static ProblemException Forbidden(string detail) => new Problem(403, Code, "Self-approval forbidden", detail).AsException();
}
