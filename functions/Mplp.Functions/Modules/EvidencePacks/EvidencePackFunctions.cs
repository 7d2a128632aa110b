using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Contexts;
using Mplp.Core.Modules.EvidencePacks;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Modules.Traces;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Modules.EvidencePacks;

/// <summary>
/// A context as an MPLP evidence pack (docs/evidence-packs.md): whoever may read the context's
/// event log may take it away, tamper-evident, for an auditor or the MPLP Validation Lab.
/// </summary>
[ApiModule(typeof(ContextModule))]
public sealed class EvidencePackFunctions(EntityEndpoints endpoints, EntityService entities, TraceBindings bindings, EvidencePackExporter exporter)
{
    [Function("Contexts_ExportEvidencePack")]
    [ApiOperation(ApiOperation.EvidencePack, Summary = "Export the context as an MPLP evidence pack (a zip)", Capability = Capabilities.TraceRead,
        Problems = [ProblemCodes.TraceIdTaken, ProblemCodes.EvidencePackTooLarge])]
    public Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EntityEndpoints.ApiRoot + "/contexts/{id}/evidence-pack")] HttpRequest request, string id, CancellationToken cancellationToken)
        => endpoints.RunAsync(ContextModule.Definition, request, Capabilities.TraceRead, async actor =>
        {
            var context = await entities.GetAsync(ContextModule.Definition, RouteIds.Parse(ContextModule.Definition.Name, id), actor, cancellationToken);
            var traceId = ContextModule.Definition.OwnTraceIdOf!(context.Document);
            await bindings.RequireHeldByAsync(traceId, context.Id, cancellationToken);
            return new PackResult(await exporter.PrepareAsync(context.Id, traceId, cancellationToken));
        });

    /// <summary>Streams the pack as the response body; a failure once it started cuts the connection, so no client takes a truncated zip for a whole one.</summary>
    private sealed class PackResult(PreparedPack pack) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var http = context.HttpContext;
            await using (pack)
            {
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "application/zip";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{pack.FileName}\"";
                try
                {
                    await pack.WriteAsync(http.Response.Body, http.RequestAborted);
                }
                catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
                {
                    http.Abort();
                    throw;
                }
            }
        }
    }
}
