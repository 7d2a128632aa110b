using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Mplp.Core.Modules;

namespace Mplp.Functions.OpenApi;

/// <summary>One HTTP function as the OpenAPI document sees it.</summary>
/// <param name="Name">The function name, also the operationId.</param>
/// <param name="Path">The URL path template, e.g. <c>/api/v1/plans/{id}</c>.</param>
/// <param name="Methods">Lower-case HTTP methods.</param>
/// <param name="Operation">What it does; null when the function is not described (it is left out).</param>
/// <param name="Module">The module its class serves, if any.</param>
/// <param name="Group">Where the reference lists it: the module's name, or the class name without <c>Functions</c>.</param>
public sealed record ApiFunction(string Name, string Path, IReadOnlyList<string> Methods, ApiOperationAttribute? Operation, ModuleDefinition? Module, string Group)
{
    /// <summary>The names in the path template, in order.</summary>
    public IReadOnlyList<string> PathParameters { get; } = [.. ApiFunctions.ParameterNames(Path)];
}

/// <summary>
/// Finds the HTTP functions of an assembly by reflection: what the Worker SDK writes into
/// functions.metadata comes from the same attributes, so the document and the hosts agree.
/// </summary>
public static partial class ApiFunctions
{
    public static IReadOnlyList<ApiFunction> Of(Assembly assembly, string routePrefix)
    {
        var functions = new List<ApiFunction>();
        foreach (var type in assembly.GetExportedTypes().Where(t => t.IsClass))
        {
            var module = ModuleOf(type);
            var group = module is null ? GroupOf(type) : Capitalize(module.Name);
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
                if (function is null || trigger is null)
                {
                    continue;
                }

                var methods = (trigger.Methods ?? []).Select(m => m.ToLowerInvariant()).ToList();
                functions.Add(new ApiFunction(function.Name, PathOf(routePrefix, trigger.Route ?? function.Name), methods, method.GetCustomAttribute<ApiOperationAttribute>(), module, group));
            }
        }

        return [.. functions.OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>The path template of a route: prefix joined, constraints and defaults removed (<c>{id:guid}</c> is <c>{id}</c>).</summary>
    public static string PathOf(string routePrefix, string route)
    {
        var prefix = routePrefix.Trim('/');
        var template = route.Trim('/');
        var path = "/" + string.Join('/', new[] { prefix, template }.Where(s => s.Length > 0));
        return Parameter().Replace(path, m => "{" + m.Groups["name"].Value + "}");
    }

    internal static IEnumerable<string> ParameterNames(string path) => Parameter().Matches(path).Select(m => m.Groups["name"].Value);

    private static ModuleDefinition? ModuleOf(Type type)
    {
        if (type.GetCustomAttribute<ApiModuleAttribute>() is not { } attribute)
        {
            return null;
        }

        const BindingFlags publicStatic = BindingFlags.Public | BindingFlags.Static;
        var value = attribute.Module.GetField("Definition", publicStatic)?.GetValue(null) ?? attribute.Module.GetProperty("Definition", publicStatic)?.GetValue(null);
        return value as ModuleDefinition
            ?? throw new InvalidOperationException($"[ApiModule(typeof({attribute.Module.Name}))] on {type.Name}: {attribute.Module.Name} has no public static ModuleDefinition Definition.");
    }

    private static string GroupOf(Type type) => type.Name.EndsWith("Functions", StringComparison.Ordinal) ? type.Name[..^"Functions".Length] : type.Name;

    internal static string Capitalize(string s) => string.Concat(s[..1].ToUpperInvariant(), s.AsSpan(1));

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();
}

/// <summary>The host's route prefix (<c>extensions.http.routePrefix</c> of host.json; <c>api</c> when unset, as the Functions host does).</summary>
public static class HostRoutePrefix
{
    public static string Read(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return "api";
        }

        var host = JsonNode.Parse(File.ReadAllText(hostJsonPath), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return host?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
    }
}
