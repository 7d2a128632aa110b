using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Json.Schema;

namespace Mplp.Core.Protocol;

/// <summary>
/// The official MPLP v1.0.0 JSON Schemas, vendored as embedded resources (see Schemas/LICENSE.txt),
/// built once into a private registry so their relative <c>$ref</c>s resolve without any download.
/// </summary>
public sealed class MplpSchemas
{
    private const string ResourcePrefix = "mplp/";

    // Most objects are valid: a pass/fail evaluation stops at the first failure and collects no
    // annotations; only an invalid object is evaluated again for the list of what is wrong.
    private static readonly EvaluationOptions Check = new()
    {
        OutputFormat = OutputFormat.Flag,
        RequireFormatValidation = true,
    };

    private static readonly EvaluationOptions Explain = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    private readonly FrozenDictionary<string, JsonSchema> _schemas;

    private MplpSchemas(FrozenDictionary<string, JsonSchema> schemas) => _schemas = schemas;

    /// <summary>Loads every embedded schema. Common schemas are built first: module schemas reference them.</summary>
    public static MplpSchemas Load()
    {
        var assembly = typeof(MplpSchemas).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".schema.json", StringComparison.Ordinal))
            .OrderBy(n => n.StartsWith(ResourcePrefix + "common/", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(n => n, StringComparer.Ordinal);

        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var schema = JsonSchema.FromText(ReadResource(assembly, name), options);
            schemas[name[ResourcePrefix.Length..]] = schema;
        }

        return new MplpSchemas(schemas.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Validates <paramref name="instance"/> against <c>mplp-{module}.schema.json</c>.</summary>
    public IReadOnlyList<SchemaError> ValidateModuleObject(string module, JsonElement instance)
        => Validate($"mplp-{module}.schema.json", instance);

    /// <summary>Validates against a schema by its path under Schemas/, e.g. <c>common/events.schema.json</c>.</summary>
    public IReadOnlyList<SchemaError> Validate(string schemaPath, JsonElement instance)
    {
        if (!_schemas.TryGetValue(schemaPath, out var schema))
        {
            throw new ArgumentException($"No MPLP schema named '{schemaPath}'.", nameof(schemaPath));
        }

        if (schema.Evaluate(instance, Check).IsValid)
        {
            return [];
        }

        var results = schema.Evaluate(instance, Explain);
        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new SchemaError(d.InstanceLocation.ToString(), MessageOf(d, e.Value))))
            .Distinct()
            .ToList();
    }

    // The library reports an unknown property as a failed 'false' schema; say what it means.
    private static string MessageOf(EvaluationResults result, string message)
        => result.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal)
            ? "is not a property of this object (additionalProperties: false)"
            : message;

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One schema violation: the JSON Pointer of the failing value and what is wrong with it.</summary>
public sealed record SchemaError(string Path, string Message);
