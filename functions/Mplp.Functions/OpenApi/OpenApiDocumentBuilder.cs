using System.Text.Json.Nodes;
using Mplp.Core.OpenApi;

namespace Mplp.Functions.OpenApi;

/// <summary>Assembles the OpenAPI 3.1 document from the app's HTTP functions and the MPLP schemas.</summary>
public static class OpenApiDocumentBuilder
{
    public const string Version = "3.1.0";

    /// <param name="functions">The app's HTTP functions; those without <see cref="ApiOperationAttribute"/> are left out.</param>
    public static JsonObject Build(IEnumerable<ApiFunction> functions)
    {
        var paths = new JsonObject();
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var function in functions.Where(f => f.Operation is not null))
        {
            if (paths[function.Path] is not JsonObject item)
            {
                item = [];
                paths[function.Path] = item;
            }

            foreach (var method in function.Methods)
            {
                item[method] = ApiOperations.Build(function);
            }

            tags.Add(function.Group);
        }

        var schemas = SharedComponents.Schemas();
        foreach (var (name, schema) in PlatformComponents.Schemas())
        {
            schemas[name] = schema!.DeepClone();
        }

        foreach (var (name, schema) in MplpSchemaComponents.Build())
        {
            schemas[name] = schema;
        }

        return new JsonObject
        {
            ["openapi"] = Version,
            ["info"] = new JsonObject
            {
                ["title"] = "MPLP Functions",
                ["version"] = "1.0.0",
                ["description"] = "The Multi-Agent Protocol Lifecycle Platform: every object is an official MPLP v1.0.0 object. Errors are RFC 9457 problems with a stable code.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["parameters"] = SharedComponents.Parameters(),
                ["headers"] = SharedComponents.Headers(),
                ["securitySchemes"] = SharedComponents.SecuritySchemes(),
            },
        };
    }
}
