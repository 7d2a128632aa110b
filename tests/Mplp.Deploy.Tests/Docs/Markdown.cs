using System.Text.RegularExpressions;

namespace Mplp.Deploy.Tests.Docs;

/// <summary>
/// The little of Markdown the link checks need: the link targets of a page and the ids GitHub gives its
/// headings. Code (fenced blocks and inline spans) is left out: a `# comment` in a bash block is no
/// heading, and `[x](y)` in code is no link.
/// </summary>
public static partial class Markdown
{
    /// <summary>Every inline link's target (<c>[text](target)</c>), in page order.</summary>
    public static IReadOnlyList<string> LinksOf(string markdown) =>
        [.. ProseLinesOf(markdown).SelectMany(l => Link().Matches(InlineCode().Replace(l, "")).Select(m => m.Groups["target"].Value))];

    /// <summary>
    /// The anchors of the page's headings as GitHub makes them: lower case, punctuation dropped, spaces as
    /// hyphens, and a repeated heading suffixed <c>-1</c>, <c>-2</c>, ...
    /// </summary>
    public static IReadOnlySet<string> HeadingIdsOf(string markdown)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ProseLinesOf(markdown))
        {
            if (Heading().Match(line) is not { Success: true } heading)
            {
                continue;
            }

            var id = NotInId().Replace(heading.Groups["text"].Value.ToLowerInvariant(), "").Replace(' ', '-');
            var unique = id;
            for (var n = 1; !ids.Add(unique); n++)
            {
                unique = $"{id}-{n}";
            }
        }

        return ids;
    }

    private static IEnumerable<string> ProseLinesOf(string markdown)
    {
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence)
            {
                yield return line.TrimEnd('\r');
            }
        }
    }

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.*?)(?:\s+#+)?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}\- _]")]
    private static partial Regex NotInId();
}
