using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mplp.Functions.Tests.OperatorConsole;

/// <summary>How /console is served: one page for every console path, hashed assets, a strict CSP, nothing else from disk.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ConsoleServingTests(ConsoleFixture console)
{
    [Theory(Timeout = 30_000)]
    [InlineData("/console")]
    [InlineData("/console/approvals")]
    [InlineData("/console/plans/6f1c2a9e-5a3b-4c1d-9e8f-0a1b2c3d4e5f")]
    public async Task Page_AtEveryConsolePath_IsTheIndex_UncachedUnderAStrictPolicy(string path)
    {
        using var anonymous = console.NewClient(null);

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Matches(ModuleScript(), html);
        Assert.DoesNotMatch(InlineScript(), html);  // every script has a src: nothing inline for the policy to allow
        Assert.DoesNotContain("http", ModuleScript().Match(html).Value, StringComparison.Ordinal);  // no CDN
    }

    [Fact(Timeout = 30_000)]
    public async Task Assets_ByHashedName_AreImmutable_AndNothingElseIsServed()
    {
        using var anonymous = console.NewClient(null);
        var html = await anonymous.GetStringAsync(new Uri("/console/", UriKind.Relative));
        var script = ModuleScript().Match(html).Groups["src"].Value;

        using var asset = await anonymous.GetAsync(new Uri(script, UriKind.Relative));
        using var missing = await anonymous.GetAsync(new Uri("/console/assets/index-00000000.js", UriKind.Relative));
        using var escape = await anonymous.GetAsync(new Uri("/console/assets/%2e%2e/%2e%2e/host.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", asset.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Config_WithoutAnIdentityProvider_OffersTokenSignInOnly()
    {
        using var anonymous = console.NewClient(null);

        var config = JsonNode.Parse(await anonymous.GetStringAsync(new Uri("/console/config.json", UriKind.Relative)))!;

        Assert.Null(config["authority"]);
        Assert.Null(config["client_id"]);
    }

    [GeneratedRegex("""<script type="module" crossorigin src="(?<src>/console/assets/index-[A-Za-z0-9_-]+\.js)"></script>""")]
    private static partial Regex ModuleScript();

    [GeneratedRegex("""<script(?![^>]*\bsrc=)[^>]*>""")]
    private static partial Regex InlineScript();
}
