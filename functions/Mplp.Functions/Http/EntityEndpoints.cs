using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mplp.Core.Documents;
using Mplp.Core.Modules;

namespace Mplp.Functions.Http;

/// <summary>
/// The HTTP side of every module's collection (create, get, list, patch, delete, status actions),
/// written once. A module's function class only declares its routes and delegates here.
/// </summary>
public sealed class EntityEndpoints(EntityService entities, HttpEndpoint endpoint, JsonBody json)
{
    public const string ApiRoot = "api/v1";

    public Task<IActionResult> CreateAsync(ModuleDefinition module, HttpRequest request, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var body = await json.ReadObjectAsync(request, cancellationToken);
            var created = await entities.CreateAsync(module, body, Actors.Of(request), cancellationToken);
            return ApiResponse.Document(StatusCodes.Status201Created, created)
                .WithHeader("Location", $"/{ApiRoot}/{module.Collection}/{created.Id}");
        });

    public Task<IActionResult> GetAsync(ModuleDefinition module, HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
            ApiResponse.Document(StatusCodes.Status200OK, await entities.GetAsync(module, RouteIds.Parse(module.Name, id), cancellationToken)));

    public Task<IActionResult> ListAsync(ModuleDefinition module, HttpRequest request, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var page = await entities.ListAsync(module, ListQueries.Parse(request.Query), cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["items"] = new JsonArray([.. page.Items.Select(d => (JsonNode)d.Document)]),
                ["next_cursor"] = page.NextCursor,
            });
        });

    public Task<IActionResult> PatchAsync(ModuleDefinition module, HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var objectId = RouteIds.Parse(module.Name, id);
            var patch = await json.ReadObjectAsync(request, cancellationToken);
            var updated = await entities.PatchAsync(module, objectId, patch, IfMatch.Parse(request.Headers.IfMatch), Actors.Of(request), cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, updated);
        });

    public Task<IActionResult> DeleteAsync(ModuleDefinition module, HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            await entities.DeleteAsync(module, RouteIds.Parse(module.Name, id), IfMatch.Parse(request.Headers.IfMatch), Actors.Of(request), cancellationToken);
            return ApiResponse.NoContent();
        });

    /// <summary>A status action such as <c>POST /plans/{id}/approve</c>; the body, if any, is not read.</summary>
    public Task<IActionResult> TransitionAsync(ModuleDefinition module, HttpRequest request, string id, string status, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var objectId = RouteIds.Parse(module.Name, id);
            var updated = await entities.TransitionAsync(module, objectId, status, IfMatch.Parse(request.Headers.IfMatch), Actors.Of(request), cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, updated);
        });
}
