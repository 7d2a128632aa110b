namespace Mplp.Deploy.Tests.Docs;

/// <summary>
/// The README is the front door and docs/ holds one page per topic, so text moves between pages and
/// links break quietly. Every relative link of the README, docs/*.md and the chart's README names a
/// file or folder of the repository, and every anchor a heading of the Markdown page it points into.
/// </summary>
public class MarkdownLinksTests
{
    public static TheoryData<string> Pages =>
    [
        "README.md",
        Path.Combine("charts", "mplp", "README.md"),
        .. Directory.GetFiles(Repository.PathOf("docs"), "*.md").Select(p => Path.GetRelativePath(Repository.Root, p)).Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Links_OfPage_ResolveToAFileAndItsHeading(string page)
    {
        var path = Repository.PathOf(page);
        var broken = Markdown.LinksOf(File.ReadAllText(path)).Where(target => !Resolves(path, target)).ToList();

        Assert.True(broken.Count == 0, $"{page} links to what does not exist: {string.Join(", ", broken)}");
    }

    [Fact]
    public void Readme_Length_IsUnder200Lines()
    {
        var lines = File.ReadAllLines(Repository.PathOf("README.md")).Length;

        Assert.True(lines < 200, $"README.md has {lines} lines: move the topic to docs/ and link it");
    }

    [Fact]
    public void LinksOf_ProseAndCode_FindsOnlyTheProseLinks()
    {
        const string page = "See [a](docs/a.md#b) and `[c](d)`.\n```bash\necho [e](f)\n```\n[g](#h)\n";

        Assert.Equal(["docs/a.md#b", "#h"], Markdown.LinksOf(page));
    }

    [Fact]
    public void HeadingIdsOf_PunctuationCodeAndRepeats_AreGitHubsIds()
    {
        const string page = "# No escalation: roles, `assignments` and API keys\n## Limits\n```\n# not a heading\n```\n## Limits\n";

        Assert.Equal(
            ["limits", "limits-1", "no-escalation-roles-assignments-and-api-keys"],
            Markdown.HeadingIdsOf(page).Order(StringComparer.Ordinal));
    }

    /// <summary>A link resolves when it leaves the repository (a URL) or names what exists, down to its heading.</summary>
    private static bool Resolves(string page, string target)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto")
        {
            return true;
        }

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var resolved = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(file)));
        if (!Path.Exists(resolved))
        {
            return false;
        }

        return anchor is null
            || (resolved.EndsWith(".md", StringComparison.Ordinal) && Markdown.HeadingIdsOf(File.ReadAllText(resolved)).Contains(anchor));
    }
}
