using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Http;

/// <summary>The route and methods of an HTTP function, as the Functions host derives them.</summary>
public static class HttpFunctionRoutes
{
    /// <summary>The route without the host's prefix: the binding's route, or the function name when it has none.</summary>
    public static string TemplateOf(FunctionDescriptor function)
        => (function.Trigger.GetString("route") is { Length: > 0 } route ? route : function.Name).Trim('/');

    public static string PatternOf(FunctionDescriptor function, string routePrefix)
    {
        var template = TemplateOf(function);
        var prefix = routePrefix.Trim('/');
        return "/" + (prefix.Length == 0 ? template : template.Length == 0 ? prefix : prefix + "/" + template);
    }

    /// <summary>Upper-case methods; empty means every method.</summary>
    public static IReadOnlyList<string> MethodsOf(FunctionDescriptor function)
        => function.Trigger.GetStrings("methods").Select(m => m.ToUpperInvariant()).ToList();
}
