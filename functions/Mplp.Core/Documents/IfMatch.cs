namespace Mplp.Core.Documents;

/// <summary>An <c>If-Match</c> precondition over document versions (our ETags are <c>"{version}"</c>).</summary>
public sealed record IfMatch(bool Any, IReadOnlySet<long> Versions)
{
    /// <summary>No header: every version matches.</summary>
    public static readonly IfMatch None = new(true, new HashSet<long>());

    public bool IsPresent => !ReferenceEquals(this, None);

    public bool Matches(long version) => Any || Versions.Contains(version);

    public static string ETagOf(long version) => $"\"{version}\"";

    /// <summary>Parses <c>*</c> or a list of entity tags; tags we never issued match nothing.</summary>
    public static IfMatch Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return None;
        }

        var versions = new HashSet<long>();
        foreach (var tag in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (tag == "*")
            {
                return new IfMatch(true, versions);
            }

            // If-Match uses strong comparison (RFC 9110 13.1.1): weak tags never match.
            if (tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' && long.TryParse(tag.AsSpan(1, tag.Length - 2), System.Globalization.NumberStyles.None, null, out var version))
            {
                versions.Add(version);
            }
        }

        return new IfMatch(false, versions);
    }
}
