using System.Text.Json.Nodes;
using Mplp.Core.Errors;
using Mplp.Core.Modules;
using Mplp.Core.Modules.Roles;
using Mplp.Core.OpenApi;
using static Mplp.Core.Errors.ProblemCodes;
using static Mplp.Functions.OpenApi.OperationParts;
using static Mplp.Functions.OpenApi.SharedComponents;

namespace Mplp.Functions.OpenApi;

/// <summary>
/// One OpenAPI operation per function: parameters, body and responses follow from its kind, the
/// module's schema and lifecycle, so a new module's functions are documented by their attribute.
/// The problem codes are the ones <c>EntityService</c>, <c>JsonBody</c> and <c>ListQueries</c> raise, each
/// under its status in <see cref="ProblemCodes"/>.
/// </summary>
internal static class ApiOperations
{
    private static readonly string[] BodyCodes = [MalformedJson, ValidationFailed, PayloadTooLarge, UnsupportedMediaType];

    // A body that goes into the stored object may make it too large (EntityService's size limit).
    private static readonly string[] DocumentBodyCodes = [.. BodyCodes, DocumentTooLarge];

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
        switch (kind)
        {
            case ApiOperation.Create:
                result["requestBody"] = Body(ModuleSchema(module!), "application/json");
                responses["201"] = Document(module!, "Created.", location: true);
                Add(problems, DocumentBodyCodes);
                Add(problems, AlreadyExistsOf(module!.Name), RuleViolation, ReferenceNotFound);
                break;
            case ApiOperation.Get:
                responses["200"] = Document(module!, "The object.");
                break;
            case ApiOperation.List:
                parameters.Add(Ref("parameters", "ContextId"));
                parameters.Add(Query("status", "Only objects in this status.", new JsonObject { ["type"] = "string", ["enum"] = Strings(module!.Lifecycle.Statuses) }));
                AddPaging(parameters);
                responses["200"] = Page(ModuleSchema(module), $"Page of {MplpSchemaComponents.ModuleComponent(module.Name)}");
                Add(problems, InvalidQueryParameter);
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
                Add(problems, DocumentBodyCodes);
                Add(problems, InvalidStateTransition, ReadOnlyState, TransitionRequiresAction, PreconditionFailed, RuleViolation, ReferenceNotFound);
                if (module.FrozenStatuses.Count > 0)
                {
                    Add(problems, FrozenOf(module.Name));
                }

                break;
            case ApiOperation.Delete:
                parameters.Add(Ref("parameters", "IfMatch"));
                responses["204"] = new JsonObject { ["description"] = "Deleted." };
                Add(problems, HasDependentsOf(module!.Name), PreconditionFailed);
                break;
            case ApiOperation.Action:
                parameters.Add(Ref("parameters", "IfMatch"));
                if (operation.Part is { } part)
                {
                    result["requestBody"] = Body(ModuleSchema(module!, part), "application/json");
                    Add(problems, DocumentBodyCodes);
                }

                responses["200"] = Document(module!, "The changed object.");
                // The changed object is validated against its schema, body or not.
                Add(problems, ValidationFailed, InvalidStateTransition, ReadOnlyState, PreconditionFailed, RuleViolation);
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

                Add(problems, InvalidQueryParameter);
                break;
            case ApiOperation.EventStream:
                AddEventStream(parameters, responses);
                Add(problems, InvalidQueryParameter, InvalidHeader, TooManyStreams);
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
                    Add(problems, BodyCodes);
                }

                // A 204 has no content by definition (RFC 9110); anything else answers with some JSON.
                responses[operation.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = operation.Status == 204
                    ? new JsonObject { ["description"] = "Done." }
                    : JsonAnswer("Done.", operation.Response is { } answer ? ModuleSchema(module, answer) : new JsonObject { ["type"] = "object" });
                break;
            case ApiOperation.Mcp:
                // Any principal may connect; each tool needs its own capability (docs/mcp.md).
                result["security"] = Security();
                result["description"] = "The MCP server: tools and resources for agents and operators. Each tool requires the capability of its HTTP twin; tools/list shows only those the caller holds.";
                result["requestBody"] = Body(new JsonObject { ["type"] = "object", ["description"] = "One JSON-RPC 2.0 message of the Model Context Protocol." }, "application/json");
                responses["200"] = new JsonObject
                {
                    ["description"] = "The JSON-RPC response, as Server-Sent Events.",
                    ["content"] = new JsonObject { ["text/event-stream"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                };
                responses["202"] = new JsonObject { ["description"] = "A notification or response: nothing to answer." };
                responses["400"] = JsonAnswer("The body is not a JSON-RPC message (a JSON-RPC error).", new JsonObject { ["type"] = "object" });
                Add(problems, Unauthenticated);
                break;
            case ApiOperation.ProtectedResourceMetadata:
                responses["200"] = JsonAnswer("The OAuth 2.0 protected resource metadata (RFC 9728) of /mcp.", new JsonObject { ["type"] = "object" });
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
                Add(problems, ProblemCodes.NotFound);
                break;
        }

        if (function.PathParameters.Count > 0)
        {
            // Only ids name objects that may not exist (a role name in a queue route does not).
            Add(problems, [.. function.PathParameters
                .Where(p => p == "id" || p.EndsWith("Id", StringComparison.Ordinal))
                .Select(p => p == "id" ? module is null ? ProblemCodes.NotFound : NotFoundOf(module.Name) : NotFoundCodeOf(p))]);
        }

        if (capability is not null)
        {
            Add(problems, Unauthenticated, Forbidden);
        }

        if (module is not null)
        {
            Add(problems, ServiceUnavailable, ModuleDisabled);
        }

        var unknown = operation.Problems.Where(c => StatusOf(c) is not (>= 400 and < 500)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"{function.Name}: {string.Join(", ", unknown)} is not a 4xx code of ProblemCodes.");
        }

        Add(problems, operation.Problems);

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
            ApiOperation.Liveness or ApiOperation.Readiness or ApiOperation.OpenApiDocument or ApiOperation.ApiReference or ApiOperation.Metrics
                or ApiOperation.Mcp or ApiOperation.ProtectedResourceMetadata => null,
            _ when operation.Capability is { } named => named,
            ApiOperation.Get or ApiOperation.List or ApiOperation.ListItems or ApiOperation.EventStream => Capabilities.Read(function.Module!),
            ApiOperation.Create or ApiOperation.Patch or ApiOperation.Delete or ApiOperation.Action => Capabilities.Write(function.Module!),
            _ => throw new InvalidOperationException($"{function.Name} is a {operation.Kind} operation: name its Capability."),
        };
    }

    private static JsonArray Security() => [new JsonObject { [BearerScheme] = new JsonArray() }, new JsonObject { [ApiKeyScheme] = new JsonArray() }];

    /// <summary><c>nodeId</c> names a node: NODE_NOT_FOUND.</summary>
    private static string NotFoundCodeOf(string parameter)
        => NotFoundOf(string.Concat(parameter.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + c : c.ToString()))
            .Replace("_Id", "", StringComparison.Ordinal));

    /// <summary>Each code under its status, after the codes already there (a code is listed once).</summary>
    private static void Add(SortedDictionary<int, string[]> problems, params IEnumerable<string> codes)
    {
        foreach (var code in codes)
        {
            var status = StatusOf(code) ?? throw new InvalidOperationException($"'{code}' is not in ProblemCodes.");
            problems[status] = problems.TryGetValue(status, out var known) ? [.. known.Union([code])] : [code];
        }
    }

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
}
