namespace Mplp.PackVerifier;

/// <summary>One thing wrong with a pack: <paramref name="Where"/> it is (a file, a line, a pointer) and what.</summary>
public sealed record Finding(string Where, string What)
{
    public override string ToString() => $"{Where}: {What}";
}

/// <summary>The verdict: the pack passes when nothing was found; <paramref name="Notes"/> say what was checked.</summary>
public sealed record Verdict(string Pack, IReadOnlyList<Finding> Failures, IReadOnlyList<string> Notes)
{
    public bool Passed => Failures.Count == 0;
}
