using System.Text.Json.Nodes;
using Mplp.Core.Modules;

namespace Mplp.Functions.OpenApi;

/// <summary>The components every module shares: the problem shape, health answers, paging and precondition parameters, ETag.</summary>
internal static class SharedComponents
{
    public const string Problem = "Problem";
    public const string HealthStatus = "HealthStatus";
    public const string HealthReport = "HealthReport";
    public const string BearerScheme = "bearer";
    public const string ApiKeyScheme = "apiKey";

    /// <summary>How callers authenticate: a JWT from the configured authority or the local key, or an agent's API key.</summary>
    public static JsonObject SecuritySchemes() => new()
    {
        [BearerScheme] = new JsonObject
        {
            ["type"] = "http",
            ["scheme"] = "bearer",
            ["bearerFormat"] = "JWT",
            ["description"] = "A token of the configured OIDC authority (e.g. Entra ID) or of the local signing key; the principal is its oid, else its sub.",
        },
        [ApiKeyScheme] = new JsonObject
        {
            ["type"] = "apiKey",
            ["in"] = "header",
            ["name"] = Http.Auth.Authenticator.ApiKeyHeader,
            ["description"] = "An agent's API key (POST /api/v1/api-keys).",
        },
    };

    public static JsonObject Schemas() => new()
    {
        [Problem] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "RFC 9457 problem details (application/problem+json). Clients branch on `code`; titles and details may change wording.",
            ["required"] = Strings("type", "title", "status", "code"),
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string", ["description"] = "urn:mplp:problem:<code in kebab case>" },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer" },
                ["code"] = new JsonObject { ["type"] = "string", ["description"] = "Stable, machine-readable code, e.g. VALIDATION_FAILED." },
                ["detail"] = new JsonObject { ["type"] = "string" },
                ["instance"] = new JsonObject { ["type"] = "string", ["description"] = "The request path." },
                ["errors"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "For validation and rule problems: each failing value by JSON Pointer.",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = Strings("path", "message"),
                        ["properties"] = new JsonObject
                        {
                            ["path"] = new JsonObject { ["type"] = "string", ["description"] = "JSON Pointer into the request body, e.g. /steps/0/step_id." },
                            ["message"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
        },
        [HealthStatus] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = Strings("status"),
            ["properties"] = new JsonObject { ["status"] = new JsonObject { ["type"] = "string", ["const"] = "healthy" } },
        },
        [HealthReport] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = Strings("status", "checks"),
            ["properties"] = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["type"] = "string",
                    ["enum"] = Strings("ready", "not_ready", "healthy", "unhealthy", "disabled"),
                    ["description"] = "disabled: the deployment does not run this module (nothing is checked).",
                },
                ["module"] = new JsonObject { ["type"] = "string" },
                ["detail"] = new JsonObject { ["type"] = "string", ["description"] = "Why a module is disabled." },
                ["protocol_version"] = new JsonObject { ["type"] = "string" },
                ["checks"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Each dependency (postgres, storage): up or down.",
                    ["additionalProperties"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("up", "down") },
                },
            },
        },
    };

    public static JsonObject Parameters() => new()
    {
        ["IfMatch"] = new JsonObject
        {
            ["name"] = "If-Match",
            ["in"] = "header",
            ["required"] = false,
            ["description"] = "The ETag last seen; the request fails with 412 if the object changed since.",
            ["schema"] = new JsonObject { ["type"] = "string" },
        },
        ["ContextId"] = Query("context_id", "Only objects of this context (lower-case UUID v4).", new JsonObject { ["type"] = "string", ["format"] = "uuid" }),
        ["Limit"] = Query("limit", "Page size.", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = EntityService.MaxPageSize, ["default"] = EntityService.DefaultPageSize }),
        ["Cursor"] = Query("cursor", "The next_cursor of the previous page.", new JsonObject { ["type"] = "string" }),
    };

    public static JsonObject Headers() => new()
    {
        ["ETag"] = new JsonObject { ["description"] = "The object's version; send it back in If-Match.", ["schema"] = new JsonObject { ["type"] = "string" } },
        ["Location"] = new JsonObject { ["description"] = "The URL of the new object.", ["schema"] = new JsonObject { ["type"] = "string" } },
        ["RetryAfter"] = new JsonObject { ["description"] = "Seconds to wait before retrying.", ["schema"] = new JsonObject { ["type"] = "integer" } },
    };

    public static JsonObject Query(string name, string description, JsonObject schema) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["required"] = false,
        ["description"] = description,
        ["schema"] = schema,
    };

    public static JsonObject Ref(string kind, string name) => new() { ["$ref"] = $"#/components/{kind}/{name}" };

    public static JsonArray Strings(params IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
