using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Http;

/// <summary>How HTTP function parameters bind: the request, route values by name, a <c>[FromBody]</c> JSON body.</summary>
internal static class HttpArguments
{
    public static ArgumentSource? TryCreateTrigger(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context => ValueTask.FromResult<object?>(HttpContextOf(context).Request);
        }

        if (parameter.ParameterType == typeof(HttpContext))
        {
            return context => ValueTask.FromResult<object?>(HttpContextOf(context));
        }

        return null;
    }

    public static ArgumentSource? TryCreate(FunctionDescriptor function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest) || type == typeof(HttpContext))
        {
            return TryCreateTrigger(parameter);
        }

        if (parameter.GetCustomAttributes().Any(a => a.GetType().Name == "FromBodyAttribute"))
        {
            return context => ReadBodyAsync(HttpContextOf(context), type, context.CancellationToken);
        }

        var route = RoutePatternFactory.Parse(HttpFunctionRoutes.TemplateOf(function));
        var name = parameter.Name!;
        if (route.GetParameter(name) is null)
        {
            return null;
        }

        return context =>
        {
            HttpContextOf(context).Request.RouteValues.TryGetValue(name, out var value);
            return ValueTask.FromResult(ValueConverter.Convert(value, type));
        };
    }

    private static async ValueTask<object?> ReadBodyAsync(HttpContext httpContext, Type type, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(httpContext.Request.Body, type, DevHostJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new ArgumentBindingException($"The request body is not valid JSON for {type.Name}: {e.Message}", e);
        }
    }

    private static HttpContext HttpContextOf(InvocationContext context) => (HttpContext)context.TriggerValue!;
}
