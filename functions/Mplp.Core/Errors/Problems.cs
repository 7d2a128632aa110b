using Mplp.Core.Protocol;
using static Mplp.Core.Errors.ProblemCodes;

namespace Mplp.Core.Errors;

/// <summary>
/// The catalogue of problems: every problem the API answers is built here from a <see cref="ProblemCodes"/>
/// code, so one code always means one thing and has one status. Each factory returns what the caller throws;
/// the HTTP layer turns it into problem+json. This file holds the problems every module shares; the
/// module-specific ones are in <c>Problems.Modules.cs</c>.
/// </summary>
public static partial class Problems
{
    public static ProblemException NotFound(string module, Guid id) => NotFound(module, $"No {module} with id '{id}'.");

    public static ProblemException NotFound(string module, string detail) => new(
        Of(NotFoundOf(module), $"{Capitalize(module)} not found", detail));

    public static ProblemException RouteNotFound(string detail) => new(Of(ProblemCodes.NotFound, "Not found", detail));

    public static ProblemException AlreadyExists(string module, Guid id) => new(
        Of(AlreadyExistsOf(module), $"{Capitalize(module)} already exists", $"A {module} with id '{id}' already exists."));

    public static ProblemException Validation(IReadOnlyList<SchemaError> errors) => new(
        Of(ValidationFailed, "The request does not satisfy the MPLP schema", $"{errors.Count} validation error(s); see 'errors'.") with { Errors = errors });

    public static ProblemException Validation(string path, string message) => Validation([new SchemaError(path, message)]);

    public static ProblemException RulesViolated(string module, IReadOnlyList<SchemaError> errors) => new(
        Of(RuleViolation, $"The {module} breaks a rule of its module", $"{errors.Count} broken rule(s); see 'errors'.") with { Errors = errors });

    public static ProblemException ReferenceNotFound(string path, string module, Guid id) => new(
        Of(ProblemCodes.ReferenceNotFound, "A referenced object does not exist", $"No {module} with id '{id}'.") with { Errors = [new SchemaError(path, $"refers to a {module} that does not exist")] });

    /// <summary>The database refused a reference (deleted between the check and the write); its detail says which.</summary>
    public static ProblemException ReferenceNotFound(string? detail) => new(
        Of(ProblemCodes.ReferenceNotFound, "A referenced object does not exist", detail));

    public static ProblemException HasDependents(string module, string detail) => new(
        Of(HasDependentsOf(module), $"The {module} is still referenced", detail));

    public static ProblemException MalformedJson(string detail) => new(Of(ProblemCodes.MalformedJson, "The request body is not valid JSON", detail));

    public static ProblemException BadQuery(string parameter, string message) => new(
        Of(InvalidQueryParameter, "Invalid query parameter", $"'{parameter}': {message}"));

    public static ProblemException BadHeader(string header, string message) => new(
        Of(ProblemCodes.InvalidHeader, "Invalid header", $"'{header}': {message}"));

    public static ProblemException TooManyStreams(int limit) => new(
        Of(ProblemCodes.TooManyStreams, "Too many event streams", $"This instance serves at most {limit} event streams at once; retry shortly."));

    public static ProblemException PayloadTooLarge(long limit) => PayloadTooLarge($"Bodies are limited to {limit} bytes.");

    public static ProblemException PayloadTooLarge(string detail) => new(Of(ProblemCodes.PayloadTooLarge, "The request body is too large", detail));

    public static ProblemException DocumentTooLarge(string module, int size, int limit) => new(
        Of(ProblemCodes.DocumentTooLarge, "The object would be too large", $"The {module} would take {size} bytes of JSON; objects are limited to {limit} bytes."));

    public static ProblemException ListFull(string module, string field, int cap) => new(
        Of(ProblemCodes.ListFull, $"The {module} is full", $"A {module} holds at most {cap} {field}.") with { Errors = [new SchemaError($"/{field}", $"holds at most {cap} items")] });

    public static ProblemException UnsupportedMediaType(string? contentType) => new(
        Of(ProblemCodes.UnsupportedMediaType, "Unsupported media type", $"Expected application/json or application/merge-patch+json, got '{contentType}'."));

    public static ProblemException PreconditionFailed(string detail) => new(Of(ProblemCodes.PreconditionFailed, "Precondition failed", detail));

    public static ProblemException InvalidTransition(string module, string from, string to) => new(
        Of(InvalidStateTransition, "Invalid state transition", $"A {module} cannot move from '{from}' to '{to}'."));

    /// <summary>The title says why the object is read-only (e.g. "The confirm is resolved").</summary>
    public static ProblemException ReadOnly(string title, string detail) => new(Of(ReadOnlyState, title, detail));

    public static ProblemException RequiresAction(string module, string to) => new(
        Of(TransitionRequiresAction, "Use the module action", $"A {module} becomes '{to}' through its action, not a patch."));

    public static ProblemException Frozen(string module, string from) => new(
        Of(FrozenOf(module), $"The {module} is frozen", $"A {module} in status '{from}' keeps its content; move it back to draft to change it (that drops its approval)."));

    public static ProblemException ContextInactive(string detail) => new(Of(ContextNotActive, "The context is not active", detail));

    public static ProblemException Unauthenticated(string detail) => new(Of(ProblemCodes.Unauthenticated, "Authentication required", detail));

    public static ProblemException Forbidden(string capability, string detail) => new(
        Of(ProblemCodes.Forbidden, "Capability missing", detail) with { RequiredCapability = capability });

    /// <summary>A trace id belongs to one object (the manifest, a context, a role or a trace): its event log is that object's.</summary>
    public static ProblemException TraceIdTaken(string detail) => new(Of(ProblemCodes.TraceIdTaken, "The trace id is taken", detail));

    /// <summary>The caller would grant (assign, list in a role, issue a key for) capabilities it does not hold.</summary>
    public static ProblemException EscalationForbidden(IReadOnlyList<string> missing, string detail) => new(
        Of(ProblemCodes.EscalationForbidden, "Nobody grants more than they hold", detail) with { RequiredCapability = missing.Count > 0 ? missing[0] : null });

    public static ProblemException ServiceUnavailable() => new(
        Of(ProblemCodes.ServiceUnavailable, "Service unavailable", "The database is not reachable; retry shortly."));

    public static ProblemException InternalError() => new(
        Of(ProblemCodes.InternalError, "Internal error", "The error was logged; the request may be retried."));

    /// <summary>A problem with the catalogue's status for its code.</summary>
    private static Problem Of(string code, string title, string? detail)
        => new(StatusOf(code) ?? throw new ArgumentException($"'{code}' is not in ProblemCodes.", nameof(code)), code, title, detail);

    private static string Capitalize(string s) => string.Concat(s[..1].ToUpperInvariant(), s.AsSpan(1));
}
