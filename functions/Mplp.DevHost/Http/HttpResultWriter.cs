using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace Mplp.DevHost.Http;

/// <summary>Writes what an HTTP function returned, as the ASP.NET Core integration does.</summary>
internal static class HttpResultWriter
{
    public static Task WriteAsync(HttpContext httpContext, object? result) => result switch
    {
        // Nothing returned: the function wrote the response itself, or the default 200 stands.
        null => Task.CompletedTask,
        IActionResult actionResult => actionResult.ExecuteResultAsync(ActionContextOf(httpContext)),
        IResult httpResult => httpResult.ExecuteAsync(httpContext),
        string text => WriteTextAsync(httpContext, text),
        byte[] bytes => WriteBytesAsync(httpContext, bytes),

        // Other objects go through MVC's ObjectResult, so they serialize like an OkObjectResult would.
        _ => new ObjectResult(result).ExecuteResultAsync(ActionContextOf(httpContext)),
    };

    private static ActionContext ActionContextOf(HttpContext httpContext)
        => new(httpContext, httpContext.GetRouteData(), new ActionDescriptor());

    private static Task WriteTextAsync(HttpContext httpContext, string text)
    {
        httpContext.Response.ContentType ??= "text/plain; charset=utf-8";
        return httpContext.Response.WriteAsync(text, httpContext.RequestAborted);
    }

    private static Task WriteBytesAsync(HttpContext httpContext, byte[] bytes)
    {
        httpContext.Response.ContentType ??= "application/octet-stream";
        return httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
    }
}
