using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Events;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Events;

/// <summary>The event log's own administration: the events storage refused (see <see cref="OutboxDeadLetters"/>).</summary>
[ApiModule(typeof(CoreModule))]
public sealed class EventFunctions(OutboxDeadLetters deadLetters, EntityEndpoints endpoints)
{
    [Function("Events_ListDeadLetters")]
    [ApiOperation(ApiOperation.ListItems, Summary = "List the events the event log refused too often and set aside (administrators)",
        Part = PlatformComponents.DeadLetter, Capability = Capabilities.CoreAdmin)]
    public Task<IActionResult> ListDeadLetters(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EntityEndpoints.ApiRoot + "/events/dead-letters")] HttpRequest request, CancellationToken cancellationToken)
        => endpoints.RunAsync(CoreModule.Definition, request, Capabilities.CoreAdmin, async _ =>
        {
            var page = await deadLetters.ListAsync(ListQueries.Parse(request.Query).Page, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, new JsonObject
            {
                ["items"] = new JsonArray([.. page.Items]),
                ["next_cursor"] = page.NextCursor,
            });
        });
}
