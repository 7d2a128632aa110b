using Mplp.Core.Protocol;

namespace Mplp.Core.Errors;

/// <summary>
/// An RFC 9457 problem. <see cref="Code"/> is the stable, machine-readable part clients branch on;
/// titles and details may change wording.
/// </summary>
public sealed record Problem(int Status, string Code, string Title, string? Detail = null)
{
    /// <summary>The failing JSON paths (JSON Pointers) of a validation problem.</summary>
    public IReadOnlyList<SchemaError>? Errors { get; init; }

    /// <summary>For a 403: the capability the request needs.</summary>
    public string? RequiredCapability { get; init; }
}

/// <summary>Thrown by module rules and stores; the HTTP layer turns it into problem+json.</summary>
public sealed class ProblemException(Problem problem) : Exception(problem.Detail ?? problem.Title)
{
    public Problem Problem { get; } = problem;
}
