using Mplp.Core.Protocol;

namespace Mplp.Core.Errors;

/// <summary>The problems every module shares, so one code always means one thing.</summary>
public static class Problems
{
    public static Problem NotFound(string module, Guid id) => NotFound(module, $"No {module} with id '{id}'.");

    public static Problem NotFound(string module, string detail) => new(
        404, $"{module.ToUpperInvariant()}_NOT_FOUND", $"{Capitalize(module)} not found", detail);

    public static Problem RouteNotFound(string detail) => new(404, "NOT_FOUND", "Not found", detail);

    public static Problem AlreadyExists(string module, Guid id) => new(
        409, $"{module.ToUpperInvariant()}_ALREADY_EXISTS", $"{Capitalize(module)} already exists", $"A {module} with id '{id}' already exists.");

    public static Problem Validation(IReadOnlyList<SchemaError> errors) => new(
        400, "VALIDATION_FAILED", "The request does not satisfy the MPLP schema", $"{errors.Count} validation error(s); see 'errors'.")
    { Errors = errors };

    public static Problem Validation(string path, string message) => Validation([new SchemaError(path, message)]);

    public static Problem RulesViolated(string module, IReadOnlyList<SchemaError> errors) => new(
        422, "RULE_VIOLATION", $"The {module} breaks a rule of its module", $"{errors.Count} broken rule(s); see 'errors'.")
    { Errors = errors };

    public static Problem ReferenceNotFound(string path, string module, Guid id) => new(
        422, "REFERENCE_NOT_FOUND", "A referenced object does not exist", $"No {module} with id '{id}'.")
    { Errors = [new SchemaError(path, $"refers to a {module} that does not exist")] };

    public static Problem HasDependents(string module, string detail) => new(
        409, $"{module.ToUpperInvariant()}_HAS_DEPENDENTS", $"The {module} is still referenced", detail);

    public static Problem MalformedJson(string detail) => new(400, "MALFORMED_JSON", "The request body is not valid JSON", detail);

    public static Problem BadQuery(string parameter, string message) => new(
        400, "INVALID_QUERY_PARAMETER", "Invalid query parameter", $"'{parameter}': {message}");

    public static Problem PayloadTooLarge(long limit) => new(
        413, "PAYLOAD_TOO_LARGE", "The request body is too large", $"Bodies are limited to {limit} bytes.");

    public static Problem DocumentTooLarge(string module, int size, int limit) => new(
        413, "DOCUMENT_TOO_LARGE", "The object would be too large", $"The {module} would take {size} bytes of JSON; objects are limited to {limit} bytes.");

    public static Problem ListFull(string module, string field, int cap) => new(
        409, "LIST_FULL", $"The {module} is full", $"A {module} holds at most {cap} {field}.")
    { Errors = [new SchemaError($"/{field}", $"holds at most {cap} items")] };

    public static Problem UnsupportedMediaType(string? contentType) => new(
        415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", $"Expected application/json or application/merge-patch+json, got '{contentType}'.");

    public static Problem PreconditionFailed(string detail) => new(412, "PRECONDITION_FAILED", "Precondition failed", detail);

    public static Problem InvalidTransition(string module, string from, string to) => new(
        409, "INVALID_STATE_TRANSITION", "Invalid state transition", $"A {module} cannot move from '{from}' to '{to}'.");

    public static Problem Conflict(string code, string title, string detail) => new(409, code, title, detail);

    public static Problem Unauthenticated(string detail) => new(401, "UNAUTHENTICATED", "Authentication required", detail);

    public static Problem Forbidden(string capability, string detail) => new(403, "FORBIDDEN", "Capability missing", detail)
    { RequiredCapability = capability };

    /// <summary>A trace id belongs to one object (the manifest, a context, a role or a trace): its event log is that object's.</summary>
    public static Problem TraceIdTaken(string detail) => Conflict("TRACE_ID_TAKEN", "The trace id is taken", detail);

    /// <summary>The caller would grant (assign, list in a role, issue a key for) capabilities it does not hold.</summary>
    public static Problem EscalationForbidden(IReadOnlyList<string> missing, string detail) => new(403, "ESCALATION_FORBIDDEN", "Nobody grants more than they hold", detail)
    { RequiredCapability = missing.Count > 0 ? missing[0] : null };

    private static string Capitalize(string s) => string.Concat(s[..1].ToUpperInvariant(), s.AsSpan(1));
}
