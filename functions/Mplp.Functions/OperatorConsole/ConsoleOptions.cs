namespace Mplp.Functions.OperatorConsole;

/// <summary>
/// Configuration section <c>Mplp:Console</c>: what the console's sign-in needs besides
/// <c>Mplp:Auth:Authority</c>. Public by nature (a browser reads it from <c>/console/config.json</c>).
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Mplp:Console";

    /// <summary>The console's application (client) id at the OIDC authority (a single-page app registration); without it the console takes development tokens only.</summary>
    public string? ClientId { get; set; }

    /// <summary>The scopes the console asks for, e.g. <c>api://mplp/.default</c>: tokens whose audience is <c>Mplp:Auth:Audience</c>.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Where the built console is (<c>npm run build</c> of functions/Mplp.Console); by default <c>console/</c> beside the app.</summary>
    public string? Folder { get; set; }
}
