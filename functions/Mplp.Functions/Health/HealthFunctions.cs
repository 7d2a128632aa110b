using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Errors;
using Mplp.Core.Events;
using Mplp.Core.Modules;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Storage;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Health;

/// <summary>
/// Liveness (<c>/health</c>: the process answers), readiness (<c>/ready</c>: PostgreSQL and storage
/// answer) and one health endpoint per module (<c>/api/v1/{module}/health</c>): 503 <c>disabled</c> for a
/// module the deployment disables, so a probe or a load balancer never takes it for a working one.
/// </summary>
public sealed class HealthFunctions(MplpDatabase database, EventLog eventLog, DeploymentModules deployment, HttpEndpoint endpoint)
{
    private static readonly string[] Modules = [.. MplpModules.All.Select(m => m.Name)];

    [Function("Health")]
    [ApiOperation(ApiOperation.Liveness)]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
        => endpoint.RunAsync(request, () => Task.FromResult<IActionResult>(ApiResponse.Json(StatusCodes.Status200OK, new JsonObject { ["status"] = "healthy" })));

    [Function("Ready")]
    [ApiOperation(ApiOperation.Readiness)]
    public Task<IActionResult> Ready(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ready")] HttpRequest request, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var (ready, checks) = await CheckDependenciesAsync(cancellationToken);
            return ApiResponse.Json(ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, new JsonObject
            {
                ["status"] = ready ? "ready" : "not_ready",
                ["checks"] = checks,
            });
        });

    [Function("ModuleHealth")]
    [ApiOperation(ApiOperation.Readiness, Summary = "A module's health (the same checks)", Problems = [ProblemCodes.NotFound])]
    public Task<IActionResult> ModuleHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/{module}/health")] HttpRequest request, string module, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            if (!Modules.Contains(module, StringComparer.Ordinal))
            {
                throw Problems.RouteNotFound($"'{module}' is not a module of this instance ({string.Join(", ", Modules)}).");
            }

            if (deployment.Disables(module))
            {
                return ApiResponse.Json(StatusCodes.Status503ServiceUnavailable, new JsonObject
                {
                    ["module"] = module,
                    ["status"] = "disabled",
                    ["protocol_version"] = ServerFields.ProtocolVersion,
                    ["checks"] = new JsonObject(),
                    ["detail"] = Problems.ModuleNotDeployed(module).Problem.Detail,
                });
            }

            var (ready, checks) = await CheckDependenciesAsync(cancellationToken);
            return ApiResponse.Json(ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, new JsonObject
            {
                ["module"] = module,
                ["status"] = ready ? "healthy" : "unhealthy",
                ["protocol_version"] = ServerFields.ProtocolVersion,
                ["checks"] = checks,
            });
        });

    private async Task<(bool Ready, JsonObject Checks)> CheckDependenciesAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Generous: a loaded 2-core machine can stall a healthy dependency for seconds; a probe has its own timeout.
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var postgres = database.IsReachableAsync(timeout.Token);
        var storage = eventLog.IsReachableAsync(timeout.Token);
        await Task.WhenAll(postgres, storage);
        var checks = new JsonObject
        {
            ["postgres"] = postgres.Result ? "up" : "down",
            ["storage"] = storage.Result ? "up" : "down",
        };
        return (postgres.Result && storage.Result, checks);
    }
}
