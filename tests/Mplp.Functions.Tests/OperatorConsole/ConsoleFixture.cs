using Microsoft.Playwright;

namespace Mplp.Functions.Tests.OperatorConsole;

/// <summary>The console's tests share one dev host and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

/// <summary>
/// The API as users get it (the dev host serving the built console) and one headless Chromium,
/// Debian's, driven by Playwright: it cannot download its own browsers here.
/// </summary>
public sealed class ConsoleFixture : ApiFixture
{
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this
    // machine's closed network refuses. Playwright gives each launch a new, empty user data dir.
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        // A decision goes through the API and the approval workflow before the page shows it; on 2 busy
        // cores that took longer than Playwright's 5 s, as long as actions may take (below).
        Assertions.SetDefaultExpectTimeout(30_000);
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A new browser context signed in as <paramref name="principal"/> the way ./mplp run's link does: the token in the fragment.</summary>
    public async Task<IPage> SignedInPageAsync(string principal, string path, int width = 1280)
    {
        var context = await _browser!.NewContextAsync(new() { BaseURL = Client.BaseAddress!.ToString(), ViewportSize = new() { Width = width, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{path}#token={Tokens.For(principal)}");
        return page;
    }

    /// <summary>Saves the page's screenshot as docs/images/<paramref name="name"/>, which docs/console.md shows.</summary>
    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Mplp.Functions.sln")))
        {
            directory = directory.Parent;
        }

        return page.ScreenshotAsync(new() { Path = Path.Combine(directory.FullName, "docs", "images", name), FullPage = fullPage });
    }
}
