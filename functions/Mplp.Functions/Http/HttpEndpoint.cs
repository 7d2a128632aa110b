using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Mplp.Core.Errors;
using Mplp.Functions.Observability;
using Npgsql;

namespace Mplp.Functions.Http;

/// <summary>
/// Runs a function body and turns what it throws into problem+json. There is no Functions
/// middleware (the dev host could not run it), so every HTTP function goes through here, and so
/// does what every request reports (<see cref="HttpTelemetry"/>: metrics, <c>traceparent</c>).
/// </summary>
public sealed class HttpEndpoint(ILogger<HttpEndpoint> logger, HttpTelemetry telemetry)
{
    public async Task<IActionResult> RunAsync(HttpRequest request, Func<Task<IActionResult>> handler)
    {
        var call = telemetry.Begin(request);
        var result = await AnswerAsync(request, handler);
        telemetry.End(request, call, result);
        return result;
    }

    private async Task<IActionResult> AnswerAsync(HttpRequest request, Func<Task<IActionResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ProblemException e)
        {
            return ApiResponse.Problem(e.Problem, request.Path);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiResponse.Problem(Problems.PayloadTooLarge(e.Message).Problem, request.Path);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            Logs.DependencyUnavailable(logger, e, request.Method, request.Path);
            var problem = Problems.ServiceUnavailable().Problem;
            return ApiResponse.Problem(problem, request.Path).WithHeader("Retry-After", "5");
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client left; nobody reads this response.
            return ApiResponse.NoContent();
        }
        catch (Exception e)
        {
            Logs.UnhandledError(logger, e, request.Method, request.Path);
            var problem = Problems.InternalError().Problem;
            return ApiResponse.Problem(problem, request.Path);
        }
    }
}
