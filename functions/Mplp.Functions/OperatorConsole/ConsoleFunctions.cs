using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.OperatorConsole;

/// <summary>
/// The operator console at <c>/console</c> (docs/console.md): a single-page app that calls the public
/// API with the signed-in principal's own credentials, so it is served without any. Every page path
/// (<c>/console/plans/{id}</c>, ...) answers the same index, never cached, so a deploy takes effect
/// at the next load; the assets it names have content hashes in their names and are cached for good.
/// </summary>
public sealed class ConsoleFunctions(ConsoleAssets assets, HttpEndpoint endpoint)
{
    private const string Immutable = "public, max-age=31536000, immutable";

    [Function("Console_Serve")]
    [ApiOperation(ApiOperation.ApiReference, Summary = "The operator console: its page (at every console path) and its assets", Problems = [ProblemCodes.NotFound])]
    public Task<IActionResult> Serve([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequest request, string? path)
        => endpoint.RunAsync(request, () => Task.FromResult(Answer(path ?? "")));

    private IActionResult Answer(string path)
    {
        if (path == "config.json")
        {
            return ApiResponse.Json(StatusCodes.Status200OK, assets.PublicConfig()).WithHeader("Cache-Control", "no-cache");
        }

        if (path.StartsWith("assets/", StringComparison.Ordinal))
        {
            var asset = assets.Asset(path) ?? throw Problems.RouteNotFound($"The console has no asset '{path}' (a page loaded before a deploy asks for the old one: reload it).");
            return new StaticContent(asset.Content, asset.ContentType, Headers(Immutable));
        }

        var index = assets.Index ?? throw Problems.RouteNotFound($"The console is not built: run 'npm ci && npm run build' in functions/Mplp.Console (./mplp run does), then restart; looked in {assets.Folder}.");
        return new StaticContent(index.Content, "text/html; charset=utf-8", Headers("no-cache"));
    }

    private Dictionary<string, string> Headers(string cacheControl) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Cache-Control"] = cacheControl,
        ["Content-Security-Policy"] = assets.ContentSecurityPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["X-Frame-Options"] = "DENY",
    };
}
