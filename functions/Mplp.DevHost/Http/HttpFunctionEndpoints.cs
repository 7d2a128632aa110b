using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Http;

/// <summary>Maps every HTTP-triggered function to a Kestrel endpoint that runs the same method.</summary>
internal static class HttpFunctionEndpoints
{
    /// <summary>Names the function that answered, so a caller (and the coverage test) can tell a
    /// function's own 404 from a route that does not exist.</summary>
    public const string FunctionHeader = "X-DevHost-Function";

    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<FunctionInvoker> invokers, string routePrefix, ILogger logger)
    {
        foreach (var invoker in invokers)
        {
            var pattern = HttpFunctionRoutes.PatternOf(invoker.Function, routePrefix);
            var methods = HttpFunctionRoutes.MethodsOf(invoker.Function);
            RequestDelegate handler = context => HandleAsync(context, invoker, logger);
            var endpoint = methods.Count == 0
                ? endpoints.Map(pattern, handler)
                : endpoints.MapMethods(pattern, methods, handler);
            endpoint.WithDisplayName(invoker.Function.Name);
        }
    }

    private static async Task HandleAsync(HttpContext httpContext, FunctionInvoker invoker, ILogger logger)
    {
        httpContext.Response.Headers[FunctionHeader] = invoker.Function.Name;
        var invocation = invoker.CreateContext(httpContext.RequestServices, httpContext, null, httpContext.RequestAborted);
        try
        {
            var result = await invoker.InvokeAsync(invocation);
            await HttpResultWriter.WriteAsync(httpContext, result);
        }
        catch (ArgumentBindingException e)
        {
            Logs.HttpBindingFailed(logger, invoker.Function.Name, e.Message);
            WriteStatus(httpContext, StatusCodes.Status400BadRequest);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            Logs.HttpFunctionFailed(logger, e, invoker.Function.Name, httpContext.Request.Method, httpContext.Request.Path);
            WriteStatus(httpContext, StatusCodes.Status500InternalServerError);
        }
    }

    private static void WriteStatus(HttpContext httpContext, int statusCode)
    {
        if (!httpContext.Response.HasStarted)
        {
            httpContext.Response.Clear();
            httpContext.Response.Headers[FunctionHeader] = httpContext.GetEndpoint()?.DisplayName;
            httpContext.Response.StatusCode = statusCode;
        }
    }
}
