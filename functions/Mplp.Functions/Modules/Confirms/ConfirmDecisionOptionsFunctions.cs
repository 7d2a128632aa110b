using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Modules.Confirms;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Confirms;

/// <summary>
/// "May I decide?": the decisions the caller may make on a confirm now, the roles it may name, and
/// why the rest would be refused. The console offers only these; any client may ask before deciding.
/// </summary>
[ApiModule(typeof(ConfirmModule))]
public sealed class ConfirmDecisionOptionsFunctions(EntityEndpoints endpoints, ConfirmDecisions decisions)
{
    [Function("Confirms_GetDecisionOptions")]
    [ApiOperation(ApiOperation.Custom, Summary = "What the caller may decide on a confirm now, and why not the rest (the checks of a decision, without one)", Capability = "confirm:read")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EntityEndpoints.ApiRoot + "/confirms/{id}/decision-options")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(ConfirmModule.Definition, request, "confirm:read", async actor =>
        {
            var confirmId = RouteIds.Parse(ConfirmModule.Definition.Name, id);
            var options = await decisions.OptionsAsync(confirmId, actor, cancellationToken);
            return ApiResponse.Json(StatusCodes.Status200OK, options.ToJson(confirmId, actor.Principal));
        });
}
