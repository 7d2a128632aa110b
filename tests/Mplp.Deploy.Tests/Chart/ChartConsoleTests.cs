using static Mplp.Deploy.Tests.Chart.ChartRender;

namespace Mplp.Deploy.Tests.Chart;

/// <summary>The operator console's sign-in settings reach every pod (core serves /console; docs/console.md).</summary>
public class ChartConsoleTests
{
    [Fact]
    public async Task Template_ConsoleClientIdAndScopes_AreInThePodsSettings_OnlyWhenGiven()
    {
        var given = (await TemplateAsync("", "mplp.auth.consoleClientId=console-spa", "mplp.auth.consoleScopes[0]=api://mplp/.default")).Single("ConfigMap", Release)["data"]!;
        var unset = (await TemplateAsync("")).Single("ConfigMap", Release)["data"]!;

        Assert.Equal("console-spa", (string?)given["Mplp__Console__ClientId"]);
        Assert.Equal("api://mplp/.default", (string?)given["Mplp__Console__Scopes__0"]);
        Assert.Null(unset["Mplp__Console__ClientId"]);
        Assert.Null(unset["Mplp__Console__Scopes__0"]);
    }
}
