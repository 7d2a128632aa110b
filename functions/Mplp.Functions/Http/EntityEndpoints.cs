using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mplp.Core.Access;
using Mplp.Core.Documents;
using Mplp.Core.Modules;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http.Auth;

namespace Mplp.Functions.Http;

/// <summary>
/// The HTTP side of every module's collection (create, get, list, patch, delete, status actions),
/// written once. A module's function class only declares its routes and delegates here. Reads need
/// <c>module:read</c>, changes <c>module:write</c>, actions the capability their function names.
/// </summary>
public sealed class EntityEndpoints(EntityService entities, ModuleGate gate, HttpEndpoint endpoint, ApiAccess access, JsonBody json)
{
    public const string ApiRoot = "api/v1";

    /// <param name="check">What the module asks of this caller for this body before anything is written (a role's capabilities), if anything.</param>
    public Task<IActionResult> CreateAsync(ModuleDefinition module, HttpRequest request, CancellationToken cancellationToken, Func<JsonObject, Actor, Task>? check = null)
        => RunAsync(module, request, Capabilities.Write(module), async actor =>
        {
            var body = await json.ReadObjectAsync(request, cancellationToken);
            await (check?.Invoke(body, actor) ?? Task.CompletedTask);
            // An import (a trace with its events, a confirm with its decisions) takes the module's import capability too.
            var importer = module.Import is { } import && import.Brings(body) ? await access.AuthorizeAsync(request, import.Capability) : null;
            var created = await entities.CreateAsync(module, body, actor, cancellationToken, importer?.Scope);
            return ApiResponse.Document(StatusCodes.Status201Created, created)
                .WithHeader("Location", $"/{ApiRoot}/{module.Collection}/{created.Id}");
        });

    public Task<IActionResult> GetAsync(ModuleDefinition module, HttpRequest request, string id, CancellationToken cancellationToken)
        => RunAsync(module, request, Capabilities.Read(module), async actor =>
            ApiResponse.Document(StatusCodes.Status200OK, await entities.GetAsync(module, RouteIds.Parse(module.Name, id), actor, cancellationToken)));

    public Task<IActionResult> ListAsync(ModuleDefinition module, HttpRequest request, CancellationToken cancellationToken)
        => RunAsync(module, request, Capabilities.Read(module), async actor =>
        {
            var page = await entities.ListAsync(module, ListQueries.Parse(request.Query), actor, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["items"] = new JsonArray([.. page.Items.Select(d => (JsonNode)d.Document)]),
                ["next_cursor"] = page.NextCursor,
            });
        });

    /// <param name="check">As for <see cref="CreateAsync"/>, of the patch.</param>
    public Task<IActionResult> PatchAsync(ModuleDefinition module, HttpRequest request, string id, CancellationToken cancellationToken, Func<JsonObject, Actor, Task>? check = null)
        => RunAsync(module, request, Capabilities.Write(module), async actor =>
        {
            var objectId = RouteIds.Parse(module.Name, id);
            var patch = await json.ReadObjectAsync(request, cancellationToken);
            await (check?.Invoke(patch, actor) ?? Task.CompletedTask);
            var updated = await entities.PatchAsync(module, objectId, patch, IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, updated);
        });

    public Task<IActionResult> DeleteAsync(ModuleDefinition module, HttpRequest request, string id, CancellationToken cancellationToken)
        => RunAsync(module, request, Capabilities.Write(module), async actor =>
        {
            await entities.DeleteAsync(module, RouteIds.Parse(module.Name, id), IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            return ApiResponse.NoContent();
        });

    /// <summary>A status action such as <c>POST /plans/{id}/approve</c>; the body, if any, is not read.</summary>
    public Task<IActionResult> TransitionAsync(ModuleDefinition module, HttpRequest request, string id, string status, string capability, CancellationToken cancellationToken)
        => RunAsync(module, request, capability, async actor =>
        {
            var objectId = RouteIds.Parse(module.Name, id);
            var updated = await entities.TransitionAsync(module, objectId, status, IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, updated);
        });

    /// <summary>An action that edits the object without a body (leave a collab, ...); answers with the object.</summary>
    public Task<IActionResult> ActAsync(ModuleDefinition module, HttpRequest request, string id, string capability, IReadOnlyList<string> fields, Action<JsonObject> act, CancellationToken cancellationToken)
        => RunAsync(module, request, capability, async actor =>
        {
            var objectId = RouteIds.Parse(module.Name, id);
            var updated = await entities.ActAsync(module, objectId, fields, act, IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, updated);
        });

    /// <summary>
    /// An action whose JSON object body goes into the object (join a collab, post a message, ...).
    /// Each attempt gets its own copy of the body: a retried attempt must not find it already placed.
    /// </summary>
    public Task<IActionResult> ActOnBodyAsync(ModuleDefinition module, HttpRequest request, string id, string capability, IReadOnlyList<string> fields, Action<JsonObject, JsonObject> act, CancellationToken cancellationToken)
        => RunAsync(module, request, capability, async actor =>
        {
            var objectId = RouteIds.Parse(module.Name, id);
            var body = await json.ReadObjectAsync(request, cancellationToken);
            var updated = await entities.ActAsync(module, objectId, fields, document => act(body.DeepClone().AsObject(), document), IfMatch.Parse(request.Headers.IfMatch), actor, cancellationToken);
            return ApiResponse.Document(StatusCodes.Status200OK, updated);
        });

    /// <summary>Pages an array held inside the object (a dialog's messages, ...) with the usual limit and cursor.</summary>
    public Task<IActionResult> ListEmbeddedAsync(ModuleDefinition module, HttpRequest request, string id, string field, CancellationToken cancellationToken)
        => RunAsync(module, request, Capabilities.Read(module), async actor =>
        {
            var objectId = RouteIds.Parse(module.Name, id);
            var page = ListQueries.Parse(request.Query).Page;
            var stored = await entities.GetAsync(module, objectId, actor, cancellationToken);
            var all = stored.Document[field]?.AsArray() ?? [];
            var start = (int)Math.Min(page.After ?? 0, all.Count);
            var end = Math.Min(start + page.Limit, all.Count);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["items"] = new JsonArray([.. all.Skip(start).Take(end - start).Select(item => item?.DeepClone())]),
                ["next_cursor"] = end < all.Count ? Cursor.Encode(end) : null,
            }).WithHeader("ETag", IfMatch.ETagOf(stored.Version));
        });

    /// <summary>
    /// Runs a module's handler for a caller holding <paramref name="capability"/> (401, 403), while
    /// the module is enabled (503); problems as problem+json.
    /// </summary>
    public Task<IActionResult> RunAsync(ModuleDefinition module, HttpRequest request, string capability, Func<Actor, Task<IActionResult>> handler)
        => endpoint.RunAsync(request, async () =>
        {
            var actor = await access.AuthorizeAsync(request, capability);
            await gate.EnsureEnabledAsync(module.Name, request.HttpContext.RequestAborted);
            return await handler(actor);
        });

    /// <summary>
    /// The access check of <see cref="RunAsync"/> again, then <paramref name="check"/> (reading the
    /// object as the caller), for a response that outlives its request's check: an event stream.
    /// </summary>
    public async Task ReauthorizeAsync(HttpRequest request, string capability, Func<Actor, Task> check)
        => await check(await access.AuthorizeAsync(request, capability));
}
