using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Mplp.DevHost.Functions;

/// <summary>
/// Turns <c>functions.metadata</c> into the functions to serve: resolves each entry point to its
/// method and applies the Functions host's selection settings.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Load(IEnumerable<FunctionMetadata> metadata, IConfiguration configuration)
    {
        var selected = configuration.GetSection("AzureFunctionsJobHost:functions").GetChildren()
            .Select(c => c.Value)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var functions = new List<FunctionDescriptor>();
        var errors = new List<string>();
        foreach (var function in metadata)
        {
            if ((selected.Count > 0 && !selected.Contains(function.Name)) || IsDisabled(configuration, function.Name))
            {
                continue;
            }

            try
            {
                functions.Add(new FunctionDescriptor(function, FunctionDescriptor.KindOf(function), ResolveMethod(function)));
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException or TypeLoadException or FileNotFoundException)
            {
                errors.Add(e.Message);
            }
        }

        return errors.Count == 0 ? functions : throw new DevHostConfigurationException(errors);
    }

    /// <summary>Same switch as the Functions host: <c>AzureWebJobs.&lt;name&gt;.Disabled</c>.</summary>
    public static bool IsDisabled(IConfiguration configuration, string functionName)
        => configuration[$"AzureWebJobs.{functionName}.Disabled"] is { } value
            && (bool.TryParse(value, out var disabled) ? disabled : value == "1");

    /// <summary>Resolves <c>Namespace.Type.Method</c> in the function's assembly.</summary>
    /// <remarks>The assembly is loaded by name: the dev host references the app, so it is already on the
    /// probing path and its types are the very ones the app's service registration uses.</remarks>
    public static MethodInfo ResolveMethod(FunctionMetadata function)
    {
        var assemblyName = new AssemblyName(Path.GetFileNameWithoutExtension(function.ScriptFile));
        var assembly = Assembly.Load(assemblyName);

        var dot = function.EntryPoint.LastIndexOf('.');
        if (dot <= 0)
        {
            throw new InvalidOperationException($"Function '{function.Name}': entry point '{function.EntryPoint}' is not Type.Method.");
        }

        var typeName = function.EntryPoint[..dot];
        var methodName = function.EntryPoint[(dot + 1)..];
        var type = assembly.GetType(typeName)
            ?? throw new InvalidOperationException($"Function '{function.Name}': type '{typeName}' is not in {assembly.GetName().Name}.");

        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == methodName)
            .ToArray();
        var method = candidates.Length == 1
            ? candidates[0]
            : candidates.SingleOrDefault(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == function.Name);
        return method
            ?? throw new InvalidOperationException($"Function '{function.Name}': no single public method '{function.EntryPoint}'.");
    }
}

/// <summary>The app asks for something the dev host cannot serve; the message lists every problem.</summary>
public sealed class DevHostConfigurationException(IReadOnlyList<string> errors)
    : Exception("The dev host cannot serve this Functions app:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
