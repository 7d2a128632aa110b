using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mplp.Core.Documents;
using Mplp.Core.Errors;

namespace Mplp.Functions.Http;

/// <summary>
/// Every response of the API: a status, optional headers and an optional JSON body written as is
/// (our documents are already snake_case JSON). It needs no MVC formatters, so it behaves the
/// same under the Functions host and the dev host.
/// </summary>
public sealed class ApiResponse(int status, JsonNode? body = null, string contentType = "application/json") : IActionResult
{
    public const string ProblemContentType = "application/problem+json";

    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public int Status => status;

    public static ApiResponse Json(int status, JsonNode body) => new(status, body);

    public static ApiResponse Document(int status, StoredDocument stored)
        => new ApiResponse(status, stored.Document).WithHeader("ETag", IfMatch.ETagOf(stored.Version));

    public static ApiResponse NoContent() => new(StatusCodes.Status204NoContent);

    public static ApiResponse Problem(Problem problem, string instance)
    {
        var response = new ApiResponse(problem.Status, ProblemBody(problem, instance), ProblemContentType);
        // RFC 6750: a 401 names the schemes that would be accepted.
        return problem.Status == StatusCodes.Status401Unauthorized ? response.WithHeader("WWW-Authenticate", "Bearer") : response;
    }

    /// <summary>The RFC 9457 body of <paramref name="problem"/>, as the API answers it (MCP tool errors carry it too).</summary>
    public static JsonObject ProblemBody(Problem problem, string instance)
    {
        var body = new JsonObject
        {
            ["type"] = $"urn:mplp:problem:{problem.Code.ToLowerInvariant().Replace('_', '-')}",
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["code"] = problem.Code,
            ["instance"] = instance,
        };
        if (problem.Detail is not null)
        {
            body["detail"] = problem.Detail;
        }

        if (problem.Errors is { } errors)
        {
            body["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["message"] = e.Message }).ToArray());
        }

        if (problem.RequiredCapability is { } capability)
        {
            body["required_capability"] = capability;
        }

        return body;
    }

    public ApiResponse WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = status;
        foreach (var (name, value) in _headers)
        {
            response.Headers[name] = value;
        }

        if (body is null)
        {
            return;
        }

        response.ContentType = contentType;
        await using var writer = new Utf8JsonWriter(response.Body);
        body.WriteTo(writer);
        await writer.FlushAsync(context.HttpContext.RequestAborted);
    }
}
