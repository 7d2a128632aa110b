using System.Text.Json.Nodes;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Roles;
using Mplp.Core.OpenApi;
using static Mplp.Functions.OpenApi.OperationParts;
using static Mplp.Functions.OpenApi.SharedComponents;

namespace Mplp.Functions.OpenApi;

/// <summary>
/// One OpenAPI operation per function: parameters, body and responses follow from its kind, the
/// module's schema and lifecycle, so a new module's functions are documented by their attribute.
/// The problem codes per status are the ones <c>EntityService</c>, <c>JsonBody</c> and <c>ListQueries</c> raise.
/// </summary>
internal static class ApiOperations
{
    public static JsonObject Build(ApiFunction function)
    {
        var operation = function.Operation!;
        var kind = operation.Kind;
        var module = function.Module;
        if (module is null && kind is ApiOperation.Create or ApiOperation.Get or ApiOperation.List or ApiOperation.Patch
            or ApiOperation.Delete or ApiOperation.Action or ApiOperation.ListItems)
        {
            throw new InvalidOperationException($"{function.Name} is a {kind} operation but its class has no [ApiModule].");
        }

        var result = new JsonObject
        {
            ["operationId"] = function.Name,
            ["tags"] = Strings(function.Group),
            ["summary"] = operation.Summary ?? SummaryOf(kind, module),
        };
        var capability = CapabilityOf(function);
        if (capability is not null)
        {
            result["x-mplp-capability"] = capability;
            result["description"] = $"Requires the capability `{capability}`.";
        }

        // Anonymous operations say so explicitly; the others inherit the document's security.
        result["security"] = capability is null ? new JsonArray() : Security();
        var parameters = new JsonArray();
        foreach (var name in function.PathParameters)
        {
            parameters.Add(PathParameter(name, module));
        }

        var responses = new JsonObject();
        var problems = new SortedDictionary<int, string[]>();
        var m = module?.Name.ToUpperInvariant();
        var bodyProblems = new Dictionary<int, string[]> { [400] = ["MALFORMED_JSON", "VALIDATION_FAILED"], [413] = ["PAYLOAD_TOO_LARGE"], [415] = ["UNSUPPORTED_MEDIA_TYPE"] };
        // A body that goes into the stored object may make it too large (EntityService's size limit).
        var documentBodyProblems = new Dictionary<int, string[]>(bodyProblems) { [413] = ["PAYLOAD_TOO_LARGE", "DOCUMENT_TOO_LARGE"] };
        switch (kind)
        {
            case ApiOperation.Create:
                result["requestBody"] = Body(ModuleSchema(module!), "application/json");
                responses["201"] = Document(module!, "Created.", location: true);
                Add(problems, documentBodyProblems);
                problems[409] = [$"{m}_ALREADY_EXISTS"];
                problems[422] = ["RULE_VIOLATION", "REFERENCE_NOT_FOUND"];
                break;
            case ApiOperation.Get:
                responses["200"] = Document(module!, "The object.");
                break;
            case ApiOperation.List:
                parameters.Add(Ref("parameters", "ContextId"));
                parameters.Add(Query("status", "Only objects in this status.", new JsonObject { ["type"] = "string", ["enum"] = Strings(module!.Lifecycle.Statuses) }));
                AddPaging(parameters);
                responses["200"] = Page(ModuleSchema(module), $"Page of {MplpSchemaComponents.ModuleComponent(module.Name)}");
                problems[400] = ["INVALID_QUERY_PARAMETER"];
                break;
            case ApiOperation.Patch:
                parameters.Add(Ref("parameters", "IfMatch"));
                result["requestBody"] = Body(
                    new JsonObject
                    {
                        ["title"] = $"Merge patch of {MplpSchemaComponents.ModuleComponent(module!.Name)}",
                        ["type"] = "object",
                        ["description"] = $"A JSON merge patch (RFC 7396); the patched object must satisfy {MplpSchemaComponents.ModuleComponent(module.Name)}.",
                    },
                    "application/merge-patch+json",
                    "application/json");
                responses["200"] = Document(module, "The patched object.");
                Add(problems, documentBodyProblems);
                problems[409] = ["INVALID_STATE_TRANSITION", "READ_ONLY_STATE", "TRANSITION_REQUIRES_ACTION"];
                problems[412] = ["PRECONDITION_FAILED"];
                problems[422] = ["RULE_VIOLATION", "REFERENCE_NOT_FOUND"];
                break;
            case ApiOperation.Delete:
                parameters.Add(Ref("parameters", "IfMatch"));
                responses["204"] = new JsonObject { ["description"] = "Deleted." };
                problems[409] = [$"{m}_HAS_DEPENDENTS"];
                problems[412] = ["PRECONDITION_FAILED"];
                break;
            case ApiOperation.Action:
                parameters.Add(Ref("parameters", "IfMatch"));
                // The changed object is validated against its schema, body or not.
                problems[400] = ["VALIDATION_FAILED"];
                if (operation.Part is { } part)
                {
                    result["requestBody"] = Body(ModuleSchema(module!, part), "application/json");
                    Add(problems, documentBodyProblems);
                }

                responses["200"] = Document(module!, "The changed object.");
                problems[409] = ["INVALID_STATE_TRANSITION", "READ_ONLY_STATE"];
                problems[412] = ["PRECONDITION_FAILED"];
                problems[422] = ["RULE_VIOLATION"];
                break;
            case ApiOperation.ListItems:
                AddPaging(parameters);
                var item = operation.Part ?? throw new InvalidOperationException($"{function.Name}: ListItems needs Part, the item schema.");
                responses["200"] = Page(ModuleSchema(module!, item), "Page of items");
                if (item.StartsWith('/'))
                {
                    // Items inside the object come with the object's version.
                    responses["200"]!["headers"] = new JsonObject { ["ETag"] = Ref("headers", "ETag") };
                }

                problems[400] = ["INVALID_QUERY_PARAMETER"];
                break;
            case ApiOperation.Liveness:
                responses["200"] = JsonAnswer("The process answers.", Ref("schemas", HealthStatus));
                break;
            case ApiOperation.Readiness:
                responses["200"] = JsonAnswer("Every dependency answers.", Ref("schemas", HealthReport));
                responses["503"] = JsonAnswer("A dependency does not answer, or (a module's health) the deployment disables the module.", Ref("schemas", HealthReport));
                break;
            case ApiOperation.OpenApiDocument:
                responses["200"] = JsonAnswer("This document (OpenAPI 3.1).", new JsonObject { ["type"] = "object" });
                break;
            case ApiOperation.Custom:
                if (operation.Part is { } customBody)
                {
                    result["requestBody"] = Body(ModuleSchema(module, customBody), "application/json");
                    Add(problems, bodyProblems);
                }

                // A 204 has no content by definition (RFC 9110); anything else answers with some JSON.
                responses[operation.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = operation.Status == 204
                    ? new JsonObject { ["description"] = "Done." }
                    : JsonAnswer("Done.", operation.Response is { } answer ? ModuleSchema(module, answer) : new JsonObject { ["type"] = "object" });
                break;
            case ApiOperation.ApiReference:
                responses["200"] = new JsonObject
                {
                    ["description"] = "The API reference page.",
                    ["content"] = new JsonObject { ["text/html"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                };
                break;
            case ApiOperation.Metrics:
                responses["200"] = new JsonObject
                {
                    ["description"] = "The metrics (Prometheus text format 0.0.4).",
                    ["content"] = new JsonObject { ["text/plain"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                };
                problems[404] = ["NOT_FOUND"];
                break;
        }

        if (function.PathParameters.Count > 0)
        {
            // Only ids name objects that may not exist (a role name in a queue route does not).
            string[] notFound = [.. function.PathParameters
                .Where(p => p == "id" || p.EndsWith("Id", StringComparison.Ordinal))
                .Select(p => p == "id" ? module is null ? "NOT_FOUND" : $"{m}_NOT_FOUND" : NotFoundCodeOf(p))];
            if (notFound.Length > 0)
            {
                problems[404] = notFound;
            }
        }

        if (capability is not null)
        {
            problems[401] = ["UNAUTHENTICATED"];
            problems[403] = ["FORBIDDEN"];
        }

        if (module is not null)
        {
            problems[503] = ["SERVICE_UNAVAILABLE", "MODULE_DISABLED"];
        }

        foreach (var extra in operation.Problems)
        {
            var (status, code) = ProblemOf(function, extra);
            problems[status] = problems.TryGetValue(status, out var known) ? [.. known.Union([code])] : [code];
        }

        foreach (var (status, codes) in problems)
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(status, codes);
        }

        if (parameters.Count > 0)
        {
            result["parameters"] = parameters;
        }

        result["responses"] = responses;
        return result;
    }

    /// <summary>
    /// The capability the function requires, as <c>EntityEndpoints</c> applies it: the attribute's, or
    /// <c>module:read</c> for reads and <c>module:write</c> for changes; null for the anonymous kinds.
    /// </summary>
    public static string? CapabilityOf(ApiFunction function)
    {
        var operation = function.Operation!;
        return operation.Kind switch
        {
            ApiOperation.Liveness or ApiOperation.Readiness or ApiOperation.OpenApiDocument or ApiOperation.ApiReference or ApiOperation.Metrics => null,
            _ when operation.Capability is { } named => named,
            ApiOperation.Get or ApiOperation.List or ApiOperation.ListItems => Capabilities.Read(function.Module!),
            ApiOperation.Create or ApiOperation.Patch or ApiOperation.Delete or ApiOperation.Action => Capabilities.Write(function.Module!),
            _ => throw new InvalidOperationException($"{function.Name} is a {operation.Kind} operation: name its Capability."),
        };
    }

    private static JsonArray Security() => [new JsonObject { [BearerScheme] = new JsonArray() }, new JsonObject { [ApiKeyScheme] = new JsonArray() }];

    /// <summary><c>nodeId</c> names a node: NODE_NOT_FOUND.</summary>
    private static string NotFoundCodeOf(string parameter)
        => string.Concat(parameter.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + c : char.ToUpperInvariant(c).ToString()))
            .Replace("_ID", "", StringComparison.Ordinal) + "_NOT_FOUND";

    private static string SummaryOf(ApiOperation kind, ModuleDefinition? module) => kind switch
    {
        ApiOperation.Create => $"Create a {module!.Name}",
        ApiOperation.Get => $"Get a {module!.Name}",
        ApiOperation.List => $"List {module!.Collection}",
        ApiOperation.Patch => $"Change a {module!.Name} (JSON merge patch)",
        ApiOperation.Delete => $"Delete a {module!.Name}",
        ApiOperation.Action => $"An action on a {module!.Name}",
        ApiOperation.ListItems => $"List items of a {module!.Name}",
        ApiOperation.Liveness => "Liveness",
        ApiOperation.Readiness => "Readiness of the instance's dependencies",
        ApiOperation.OpenApiDocument => "This API's OpenAPI 3.1 document",
        ApiOperation.ApiReference => "This API's reference page",
        ApiOperation.Metrics => "Metrics for Prometheus (404 unless Mplp:Observability:Metrics:Enabled)",
        ApiOperation.Custom => $"An operation on a {module?.Name ?? "resource"}",
        _ => kind.ToString(),
    };

    /// <summary><c>409:POLICY_FROZEN</c> -> (409, POLICY_FROZEN); a malformed entry fails the document build.</summary>
    private static (int Status, string Code) ProblemOf(ApiFunction function, string entry)
    {
        var parts = entry.Split(':', 2);
        return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var status) && status is >= 400 and < 500 && parts[1].Length > 0
            ? (status, parts[1])
            : throw new InvalidOperationException($"{function.Name}: problem '{entry}' is not 'status:CODE' with a 4xx status.");
    }
}
