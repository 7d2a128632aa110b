using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Confirms;
using Mplp.Core.Modules.Roles;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.Confirms;

/// <summary>Whether a confirm is an import, and which of its decisions are history (<see cref="ConfirmImport"/>).</summary>
[ApiModule(typeof(ConfirmModule))]
public sealed class ConfirmImportFunctions(EntityEndpoints endpoints, EntityService entities, ConfirmImports imports)
{
    private static ModuleDefinition Module => ConfirmModule.Definition;

    [Function("Confirms_GetImport")]
    [ApiOperation(ApiOperation.Custom, Summary = "The import mark of a confirm created with decisions or resolved (404: created without history)",
        Response = PlatformComponents.ConfirmImport, Capability = "confirm:read")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EntityEndpoints.ApiRoot + "/confirms/{id}/import")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(Module, request, Capabilities.Read(Module), async actor =>
        {
            var confirmId = RouteIds.Parse(Module.Name, id);
            await entities.GetAsync(Module, confirmId, actor, cancellationToken);
            var mark = await imports.GetAsync(confirmId, cancellationToken)
                ?? throw Problems.NotFound("import", $"The confirm {confirmId} was created without history: all its decisions were made here.");
            return ApiResponse.Json(StatusCodes.Status200OK, mark);
        });
}
