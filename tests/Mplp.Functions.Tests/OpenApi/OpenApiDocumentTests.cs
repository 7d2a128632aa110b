using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Mplp.Functions.Tests.OpenApi;

/// <summary>GET /api/v1/openapi.json from the running app: complete, valid OpenAPI 3.1, and true to the MPLP schemas.</summary>
public sealed partial class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string DocumentUri = "urn:mplp:openapi";

    [Fact(Timeout = 30_000)]
    public async Task Document_EveryHttpFunctionInFunctionsMetadata_HasItsPathAndMethods()
    {
        var document = await GetDocumentAsync();
        var prefix = TestFiles.ReadJson(TestFiles.HostJson)["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
        var functions = TestFiles.ReadJson(TestFiles.FunctionsMetadata).AsArray()
            .Select(f => (Name: f!["name"]!.GetValue<string>(), Trigger: f["bindings"]!.AsArray().FirstOrDefault(b => b!["type"]!.GetValue<string>() == "httpTrigger")))
            .Where(f => f.Trigger is not null)
            .ToList();

        Assert.NotEmpty(functions);
        var missing = new List<string>();
        foreach (var (name, trigger) in functions)
        {
            var path = PathOf(prefix, trigger!["route"]?.GetValue<string>() ?? name);
            foreach (var method in trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToLowerInvariant()))
            {
                var operation = document["paths"]?[path]?[method];
                if (operation?["operationId"]?.GetValue<string>() != name)
                {
                    missing.Add($"{name}: {method.ToUpperInvariant()} {path}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Not in openapi.json (add [ApiOperation] and [ApiModule]):\n" + string.Join('\n', missing));
    }

    [Fact(Timeout = 30_000)]
    public async Task Document_AgainstOfficialOpenApi31Schema_IsValid()
    {
        var document = await GetDocumentAsync();

        var result = (await OpenApi31SchemaAsync()).Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, "openapi.json is not OpenAPI 3.1:\n" + Errors(result));
        Assert.Equal("3.1.0", document["openapi"]!.GetValue<string>());
        Assert.Equal("1.0.0", document["info"]!["version"]!.GetValue<string>());
        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact(Timeout = 30_000)]
    public async Task OfficialOpenApi31Schema_DocumentWithoutResponseDescription_IsInvalid()
    {
        // Proves the validation above can fail: a response object must have a description.
        var document = await GetDocumentAsync();
        document["paths"]!["/health"]!["get"]!["responses"]!["200"]!.AsObject().Remove("description");

        var result = (await OpenApi31SchemaAsync()).Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.False(result.IsValid);
    }

    [Fact(Timeout = 30_000)]
    public async Task Document_ComponentSchemas_AreJsonSchema202012()
    {
        var document = await GetDocumentAsync();
        var invalid = new List<string>();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            var result = MetaSchemas.Draft202012.Evaluate(JsonSerializer.SerializeToElement(schema), new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                invalid.Add($"{name}: {Errors(result)}");
            }
        }

        Assert.True(invalid.Count == 0, string.Join('\n', invalid));
    }

    [Fact(Timeout = 30_000)]
    public async Task Document_EveryRef_ResolvesInsideTheDocument()
    {
        var document = await GetDocumentAsync();
        var references = new List<string>();
        CollectRefs(document, references);

        Assert.NotEmpty(references);
        var broken = references.Distinct().Where(r => !r.StartsWith("#/", StringComparison.Ordinal) || Resolve(document, r) is null).ToList();
        Assert.True(broken.Count == 0, "Unresolved $ref: " + string.Join(", ", broken));
    }

    public static TheoryData<string> OfficialExamples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestFiles.ExamplesFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (file != "event.valid.json")
            {
                data.Add(file!);
            }
        }

        return data;
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(OfficialExamples))]
    public async Task ModuleSchema_OfficialExample_IsValidThroughTheDocumentsComponents(string file)
    {
        var document = await GetDocumentAsync();
        var module = file.Split('.')[0];
        var example = TestFiles.ReadJson(Path.Combine(TestFiles.ExamplesFolder, file)).AsObject();
        // The minimal examples carry a top-level $comment the schemas do not allow (DESIGN section 1).
        example.Remove("$comment");
        var schema = SchemaInDocument(document, $"#/components/schemas/{char.ToUpperInvariant(module[0])}{module[1..]}");

        var result = schema.Evaluate(JsonSerializer.SerializeToElement(example), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        Assert.True(result.IsValid, Errors(result));
    }

    [Fact(Timeout = 30_000)]
    public async Task ModuleSchema_UnknownField_IsRejectedThroughTheDocumentsComponents()
    {
        var document = await GetDocumentAsync();
        var example = TestFiles.ReadJson(Path.Combine(TestFiles.ExamplesFolder, "plan.with-events.json")).AsObject();
        example["colour"] = "blue";
        example["meta"]!["protocol_version"] = 1;

        var result = SchemaInDocument(document, "#/components/schemas/Plan").Evaluate(JsonSerializer.SerializeToElement(example), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.False(result.IsValid);
        Assert.Contains(result.Details!, d => d.InstanceLocation.ToString() == "/meta/protocol_version" && d.Errors is { Count: > 0 });
    }

    [Fact(Timeout = 30_000)]
    public async Task Document_PlanOperations_CarryLifecycleParametersAndProblems()
    {
        var document = await GetDocumentAsync();
        var list = document["paths"]!["/api/v1/plans"]!["get"]!;
        var patch = document["paths"]!["/api/v1/plans/{id}"]!["patch"]!;

        var status = list["parameters"]!.AsArray().Single(p => p!["name"]?.GetValue<string>() == "status")!;
        Assert.Contains("approved", status["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.NotNull(patch["requestBody"]!["content"]!["application/merge-patch+json"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["$ref"]?.GetValue<string>() == "#/components/parameters/IfMatch");
        Assert.Equal("#/components/schemas/Problem", patch["responses"]!["412"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Contains("INVALID_STATE_TRANSITION", patch["responses"]!["409"]!["x-problem-codes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.NotNull(patch["responses"]!["200"]!["headers"]!["ETag"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reference_Get_Returns200HtmlListingEveryOperationId()
    {
        var document = await GetDocumentAsync();
        using var response = await api.Client.GetAsync(new Uri("/api/v1/docs", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        var operationIds = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]!.GetValue<string>())).ToList();
        Assert.NotEmpty(operationIds);
        Assert.All(operationIds, id => Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal));
    }

    private async Task<JsonObject> GetDocumentAsync()
    {
        using var response = await api.Client.GetAsync(new Uri("/api/v1/openapi.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>The official OpenAPI 3.1 schema (schema-base: schema objects must use the OAS dialect).</summary>
    private static async Task<JsonSchema> OpenApi31SchemaAsync()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        // schema-base.json refers to schema.json by its $id: build that one first.
        // JsonSchema.Net 8.0.5 fails on a patternProperties key holding '/' (it looks the key up
        // pointer-escaped, '^~1'); '^\x2F' is the same pattern without a '/' in the key.
        var official = (await File.ReadAllTextAsync(TestFiles.OpenApi31Schema("schema.json"))).Replace("\"^/\"", "\"^\\\\x2F\"", StringComparison.Ordinal);
        JsonSchema.FromText(official, options);
        return JsonSchema.FromText(await File.ReadAllTextAsync(TestFiles.OpenApi31Schema("schema-base.json")), options);
    }

    /// <summary>A schema that is a component of the document, so its refs resolve only if the rewriting is right.</summary>
    private static JsonSchema SchemaInDocument(JsonObject document, string pointer)
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 };
        options.SchemaRegistry.Register(new JsonElementBaseDocument(JsonSerializer.SerializeToElement(document), new Uri(DocumentUri)));
        return JsonSchema.FromText($$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"{{DocumentUri}}{{pointer}}"}""", options);
    }

    private static string PathOf(string prefix, string route)
    {
        var path = "/" + string.Join('/', new[] { prefix.Trim('/'), route.Trim('/') }.Where(s => s.Length > 0));
        return RouteParameter().Replace(path, m => "{" + m.Groups[1].Value + "}");
    }

    private static void CollectRefs(JsonNode? node, List<string> references)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (key == "$ref" && value is JsonValue reference)
                {
                    references.Add(reference.GetValue<string>());
                }
                else
                {
                    CollectRefs(value, references);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                CollectRefs(item, references);
            }
        }
    }

    private static JsonNode? Resolve(JsonNode document, string reference)
    {
        var node = document;
        foreach (var token in reference[2..].Split('/').Select(t => Uri.UnescapeDataString(t).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            node = node switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static string Errors(EvaluationResults result)
        => string.Join('\n', (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).Take(30));

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
