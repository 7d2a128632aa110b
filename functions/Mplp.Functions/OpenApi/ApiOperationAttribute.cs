namespace Mplp.Functions.OpenApi;

/// <summary>What an HTTP function does, which decides its parameters, body and responses in the OpenAPI document.</summary>
public enum ApiOperation
{
    /// <summary><c>POST /{collection}</c>: the body is the module object; 201 with it.</summary>
    Create,

    /// <summary><c>GET /{collection}/{id}</c>: 200 with the module object.</summary>
    Get,

    /// <summary><c>GET /{collection}</c>: a page of module objects, filtered by <c>context_id</c> and <c>status</c>.</summary>
    List,

    /// <summary><c>PATCH /{collection}/{id}</c>: a JSON merge patch of the module object.</summary>
    Patch,

    /// <summary><c>DELETE /{collection}/{id}</c>: 204.</summary>
    Delete,

    /// <summary>A module action (<c>POST .../approve</c>, join, leave): 200 with the changed object; a body only if <see cref="ApiOperationAttribute.Part"/> says what it is.</summary>
    Action,

    /// <summary>A page of an array held inside the object (a dialog's messages); <see cref="ApiOperationAttribute.Part"/> is the item schema.</summary>
    ListItems,

    /// <summary>A trace's log as Server-Sent Events (<c>text/event-stream</c>): resume and filter parameters, 503 past the instance's stream cap.</summary>
    EventStream,

    /// <summary>Liveness: 200 while the process answers.</summary>
    Liveness,

    /// <summary>Readiness or a module's health: 200 or 503 with the dependency checks.</summary>
    Readiness,

    /// <summary>This API's OpenAPI document.</summary>
    OpenApiDocument,

    /// <summary>The HTML reference of this API.</summary>
    ApiReference,

    /// <summary>The metrics in the Prometheus text format, for scraping; 404 unless enabled.</summary>
    Metrics,

    /// <summary>The MCP server (Streamable HTTP, stateless): a JSON-RPC message in, its answer as Server-Sent Events, 202 for a notification.</summary>
    Mcp,

    /// <summary>The OAuth protected resource metadata of RFC 9728 (anonymous).</summary>
    ProtectedResourceMetadata,

    /// <summary>
    /// Anything else: a JSON answer with <see cref="ApiOperationAttribute.Status"/> (200 by default),
    /// a body if <see cref="ApiOperationAttribute.Part"/> says what it is, the module's 404 and 503.
    /// Say what it does in <see cref="ApiOperationAttribute.Summary"/>.
    /// </summary>
    Custom,
}

/// <summary>
/// Describes an HTTP function for the OpenAPI document (<c>GET /api/v1/openapi.json</c>). Every
/// <c>[Function]</c> with an <c>[HttpTrigger]</c> needs one: the route and methods come from the
/// trigger, the module from <see cref="ApiModuleAttribute"/> on the class, the rest from the kind.
/// A function without it is missing from the document, and the OpenAPI tests fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiOperationAttribute(ApiOperation kind) : Attribute
{
    public ApiOperation Kind { get; } = kind;

    /// <summary>One line for the reference; by default derived from the kind and module ("Create a plan").</summary>
    public string? Summary { get; set; }

    /// <summary>
    /// For <see cref="ApiOperation.Action"/> or <see cref="ApiOperation.Custom"/> with a body, and for
    /// <see cref="ApiOperation.ListItems"/>: the schema of the body or of one item, either a JSON Pointer
    /// inside the module's schema (<c>/$defs/collab_participant_core</c>) or another MPLP component (<c>Events</c>).
    /// </summary>
    public string? Part { get; set; }

    /// <summary>For <see cref="ApiOperation.Custom"/>: the schema of the answer, like <see cref="Part"/>; by default any object.</summary>
    public string? Response { get; set; }

    /// <summary>For <see cref="ApiOperation.Custom"/>: the success status, e.g. 202.</summary>
    public int Status { get; set; } = 200;

    /// <summary>
    /// The capability a caller needs. By default <c>module:read</c> for reads (get, list, list
    /// items) and <c>module:write</c> for the rest; <see cref="ApiOperation.Custom"/> must name one.
    /// </summary>
    public string? Capability { get; set; }

    /// <summary>
    /// Problems this operation raises beyond those of its kind, as <see cref="Core.Errors.ProblemCodes"/>
    /// constants (e.g. <c>ProblemCodes.PolicyFrozen</c>), listed under their status there: each refusal a
    /// rule makes is documented where it is made.
    /// </summary>
    public string[] Problems { get; set; } = [];
}

/// <summary>
/// The module whose functions a class holds: a type with a public static <c>Definition</c> of type
/// <see cref="Core.Modules.ModuleDefinition"/>, e.g. <c>[ApiModule(typeof(PlanModule))]</c>. Its
/// operations are grouped under the module, use its schema and its lifecycle's statuses.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ApiModuleAttribute(Type module) : Attribute
{
    public Type Module { get; } = module;
}
