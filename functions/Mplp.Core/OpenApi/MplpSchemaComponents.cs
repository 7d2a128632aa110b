using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.OpenApi;

/// <summary>
/// The official MPLP schemas as OpenAPI 3.1 component schemas. The vendored files are draft-07
/// documents that point at each other by relative file name; inside an OpenAPI document they live
/// side by side under <c>#/components/schemas</c>, so every <c>$ref</c> is rewritten to that form
/// and the keywords that would change how a 2020-12 validator reads them are dropped. Nothing else
/// changes: the document describes exactly what the API validates.
/// </summary>
public static class MplpSchemaComponents
{
    public const string ComponentsPrefix = "#/components/schemas/";

    private const string ResourcePrefix = "mplp/";
    private const string SchemaSuffix = ".schema.json";

    // $id would rebase relative refs away from the document; $schema would make a validator read a
    // component as draft-07; the top-level $comment and x-mplp-meta are provenance, not shape.
    private static readonly string[] DroppedEverywhere = ["$id", "$schema"];
    private static readonly string[] DroppedAtTop = ["$comment", "x-mplp-meta"];

    /// <summary>The component name of a module's object schema, e.g. <c>Plan</c> for <c>plan</c>.</summary>
    public static string ModuleComponent(string module) => NameOf($"mplp-{module}{SchemaSuffix}");

    /// <summary>
    /// The component name of a schema file: its file name without <c>mplp-</c> and <c>.schema.json</c>,
    /// in PascalCase (<c>common/metadata.schema.json</c> is <c>Metadata</c>, <c>events/mplp-event-core.schema.json</c> is <c>EventCore</c>).
    /// </summary>
    public static string NameOf(string schemaPath)
    {
        var file = schemaPath[(schemaPath.LastIndexOf('/') + 1)..];
        var stem = file.EndsWith(SchemaSuffix, StringComparison.Ordinal) ? file[..^SchemaSuffix.Length] : file;
        if (stem.StartsWith("mplp-", StringComparison.Ordinal))
        {
            stem = stem["mplp-".Length..];
        }

        return string.Concat(stem.Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..]));
    }

    /// <summary>Every embedded MPLP schema, by component name, ready for <c>components.schemas</c>.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Build()
    {
        var assembly = typeof(MplpSchemas).Assembly;
        var components = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(SchemaSuffix, StringComparison.Ordinal)))
        {
            var path = resource[ResourcePrefix.Length..];
            var name = NameOf(path);
            if (components.ContainsKey(name))
            {
                throw new InvalidOperationException($"Two MPLP schemas would share the component name '{name}'.");
            }

            components[name] = Convert(path, JsonNode.Parse(Read(assembly, resource))!.AsObject());
        }

        return components;
    }

    /// <summary>Converts one schema file (its path under Schemas/ decides how its relative refs resolve).</summary>
    public static JsonObject Convert(string schemaPath, JsonObject schema)
    {
        foreach (var keyword in DroppedAtTop)
        {
            schema.Remove(keyword);
        }

        Rewrite(schema, schemaPath);
        return schema;
    }

    private static void Rewrite(JsonNode? node, string schemaPath)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var keyword in DroppedEverywhere)
                {
                    obj.Remove(keyword);
                }

                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value is JsonValue reference && reference.TryGetValue<string>(out var target))
                    {
                        obj["$ref"] = RefOf(schemaPath, target);
                    }
                    else
                    {
                        Rewrite(value, schemaPath);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Rewrite(item, schemaPath);
                }

                break;
        }
    }

    /// <summary>
    /// <c>common/common-types.schema.json#/definitions/Ref</c> becomes
    /// <c>#/components/schemas/CommonTypes/definitions/Ref</c>; a local <c>#/$defs/x</c> becomes a
    /// pointer into the component itself (in OpenAPI a bare <c>#</c> is the whole document).
    /// </summary>
    public static string RefOf(string schemaPath, string reference)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? reference : reference[..hash];
        var fragment = hash < 0 ? string.Empty : reference[(hash + 1)..];
        var target = file.Length == 0 ? schemaPath : Resolve(schemaPath, file);
        return ComponentsPrefix + NameOf(target) + fragment;
    }

    // Relative to the referencing file's folder, as its $id would resolve it.
    private static string Resolve(string schemaPath, string file)
    {
        var slash = schemaPath.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : schemaPath[..(slash + 1)];
        return new Uri(new Uri("mplp:/" + folder), file).AbsolutePath.TrimStart('/');
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
