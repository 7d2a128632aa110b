using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Mplp.Core.Access;

namespace Mplp.Functions.OperatorConsole;

/// <summary>One file of the built console, read once.</summary>
public sealed record ConsoleFile(byte[] Content, string ContentType);

/// <summary>
/// The built console (vite's <c>dist/</c>, copied beside the app as <c>console/</c>), read into memory
/// once: a request names a file by key, never by a path on disk, so nothing outside the folder can be
/// served. Also the page's headers: a Content-Security-Policy that lets the page load and call only
/// its own origin (plus the OIDC authority's, for sign-in), and its public sign-in settings.
/// </summary>
public sealed class ConsoleAssets(IOptions<ConsoleOptions> options, IOptions<AuthOptions> auth)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly Lazy<FrozenDictionary<string, ConsoleFile>> _files = new(() => Load(FolderOf(options.Value)));

    public string Folder => FolderOf(options.Value);

    /// <summary>The page, or null when the console was not built (then <c>./mplp run</c> or <c>npm run build</c> makes it).</summary>
    public ConsoleFile? Index => _files.Value.GetValueOrDefault("index.html");

    /// <summary>A hashed asset under <c>assets/</c>, by its name relative to the console folder.</summary>
    public ConsoleFile? Asset(string path) => path.StartsWith("assets/", StringComparison.Ordinal) ? _files.Value.GetValueOrDefault(path) : null;

    public string ContentSecurityPolicy { get; } = PolicyFor(auth.Value.Authority);

    /// <summary><c>/console/config.json</c>: how to sign in. The authority only with a client id, else development tokens.</summary>
    public JsonObject PublicConfig()
    {
        var signIn = options.Value.ClientId is { Length: > 0 } && auth.Value.Authority is { Length: > 0 };
        return new JsonObject
        {
            ["authority"] = signIn ? auth.Value.Authority : null,
            ["client_id"] = signIn ? options.Value.ClientId : null,
            ["scopes"] = new JsonArray([.. options.Value.Scopes.Select(s => (JsonNode)s)]),
        };
    }

    private static string PolicyFor(string? authority)
    {
        // MSAL.js calls the authority's token endpoint and renews tokens in a hidden frame of it.
        var idp = Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'{idp}; "
            + $"frame-src 'self'{idp}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static string FolderOf(ConsoleOptions options) => options.Folder ?? Path.Combine(AppContext.BaseDirectory, "console");

    private static FrozenDictionary<string, ConsoleFile> Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return FrozenDictionary<string, ConsoleFile>.Empty;
        }

        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToFrozenDictionary(
            file => Path.GetRelativePath(folder, file).Replace('\\', '/'),
            file => new ConsoleFile(File.ReadAllBytes(file), ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream"),
            StringComparer.Ordinal);
    }
}
