using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Mplp.Functions.OpenApi;

/// <summary>
/// A 200 with bytes made once (the document, the page); <see cref="Http.ApiResponse"/> writes a
/// JSON tree on every request and cannot carry HTML.
/// </summary>
public sealed class StaticContent(byte[] content, string contentType, IReadOnlyDictionary<string, string>? headers = null) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, context.HttpContext.RequestAborted);
    }
}
