using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Mplp.Functions.Http;

namespace Mplp.Functions.OpenApi;

/// <summary>This API described: the OpenAPI 3.1 document and a readable reference page. Anonymous until RBAC.</summary>
public sealed class OpenApiFunctions(ILogger<OpenApiFunctions> logger, HttpEndpoint endpoint)
{
    [Function("OpenApi_Document")]
    [ApiOperation(ApiOperation.OpenApiDocument)]
    public Task<IActionResult> Document([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EntityEndpoints.ApiRoot + "/openapi.json")] HttpRequest request)
        => endpoint.RunAsync(request, () => Task.FromResult<IActionResult>(new StaticContent(OpenApiDocument.Get(logger).Json, "application/json")));

    [Function("OpenApi_Reference")]
    [ApiOperation(ApiOperation.ApiReference)]
    public Task<IActionResult> Reference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EntityEndpoints.ApiRoot + "/docs")] HttpRequest request)
        => endpoint.RunAsync(request, () => Task.FromResult<IActionResult>(new StaticContent(OpenApiDocument.Get(logger).Html, "text/html; charset=utf-8")));
}
