using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Documents;
using Mplp.Core.Modules.Contexts;
using Mplp.Functions.Http;

namespace Mplp.Functions.Modules.Contexts;

/// <summary>The Context module's HTTP API: thin triggers over <see cref="ContextService"/>.</summary>
public sealed class ContextFunctions(ContextService contexts, HttpEndpoint endpoint, JsonBody json)
{
    private const string Collection = "api/v1/contexts";
    private const string Item = Collection + "/{id}";
    private const string Module = "context";

    [Function("Contexts_Create")]
    public Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var body = await json.ReadObjectAsync(request, cancellationToken);
            var created = await contexts.CreateAsync(body, Actors.Of(request), cancellationToken);
            return ApiResponse.Document(StatusCodes.Status201Created, created).WithHeader("Location", $"/{Collection}/{created.Id}");
        });

    [Function("Contexts_Get")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
            ApiResponse.Document(StatusCodes.Status200OK, await contexts.GetAsync(RouteIds.Parse(Module, id), cancellationToken)));

    [Function("Contexts_List")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Collection)] HttpRequest request, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var page = await contexts.ListAsync(ListQueries.Parse(request.Query), cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["items"] = new JsonArray(page.Items.Select(d => (JsonNode)d.Document).ToArray()),
                ["next_cursor"] = page.NextCursor,
            });
        });

    [Function("Contexts_Patch")]
    public Task<IActionResult> Patch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var contextId = RouteIds.Parse(Module, id);
            var patch = await json.ReadObjectAsync(request, cancellationToken);
            var updated = await contexts.PatchAsync(contextId, patch, IfMatch.Parse(request.Headers.IfMatch), Actors.Of(request), cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, updated);
        });

    [Function("Contexts_Delete")]
    public Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Item)] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            await contexts.DeleteAsync(RouteIds.Parse(Module, id), IfMatch.Parse(request.Headers.IfMatch), Actors.Of(request), cancellationToken);
            return ApiResponse.NoContent();
        });
}
