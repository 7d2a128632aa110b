namespace Mplp.Core.Errors;

/// <summary>
/// Every problem code this API answers, each with its one status. <see cref="Problems"/> builds the
/// problems from these, and the OpenAPI document lists them (<c>[ApiOperation(Problems = ...)]</c> names
/// the constants), so what the code answers and what the document says come from one place.
/// </summary>
public static class ProblemCodes
{
    // The request: its body, query and route.
    public const string NotFound = "NOT_FOUND";
    public const string MalformedJson = "MALFORMED_JSON";
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string InvalidQueryParameter = "INVALID_QUERY_PARAMETER";
    public const string InvalidHeader = "INVALID_HEADER";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string PreconditionFailed = "PRECONDITION_FAILED";

    // Access.
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string EscalationForbidden = "ESCALATION_FORBIDDEN";

    // The instance.
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";
    public const string ModuleDisabled = "MODULE_DISABLED";
    public const string TooManyStreams = "TOO_MANY_STREAMS";

    // Every module's objects (EntityService and its rules).
    public const string RuleViolation = "RULE_VIOLATION";
    public const string ReferenceNotFound = "REFERENCE_NOT_FOUND";
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";
    public const string ListFull = "LIST_FULL";
    public const string InvalidStateTransition = "INVALID_STATE_TRANSITION";
    public const string ReadOnlyState = "READ_ONLY_STATE";
    public const string TransitionRequiresAction = "TRANSITION_REQUIRES_ACTION";
    public const string ContextNotActive = "CONTEXT_NOT_ACTIVE";
    public const string TraceIdTaken = "TRACE_ID_TAKEN";

    // Plans, their executions and the agents' work.
    public const string PlanFrozen = "PLAN_FROZEN";
    public const string PlanNotApproved = "PLAN_NOT_APPROVED";
    public const string PlanAlreadyExecuting = "PLAN_ALREADY_EXECUTING";
    public const string ApprovalMismatch = "APPROVAL_MISMATCH";
    public const string ExecutionEnded = "EXECUTION_ENDED";
    public const string SelfApprovalForbidden = "SELF_APPROVAL_FORBIDDEN";
    public const string ClaimTokenInvalid = "CLAIM_TOKEN_INVALID";

    // Confirms.
    public const string AlreadyDecided = "ALREADY_DECIDED";
    public const string RoleNotHeld = "ROLE_NOT_HELD";
    public const string TargetNotApprovable = "TARGET_NOT_APPROVABLE";
    public const string PolicyFrozen = "POLICY_FROZEN";

    // Collabs and their sessions.
    public const string ParticipantNotFound = "PARTICIPANT_NOT_FOUND";
    public const string CollabNotActive = "COLLAB_NOT_ACTIVE";
    public const string ModeNotSupported = "MODE_NOT_SUPPORTED";
    public const string SessionRunning = "SESSION_RUNNING";

    // Networks.
    public const string NodeNotFound = "NODE_NOT_FOUND";

    // Roles, assignments and API keys.
    public const string RoleNameTaken = "ROLE_NAME_TAKEN";
    public const string AssignmentAlreadyExists = "ASSIGNMENT_ALREADY_EXISTS";
    public const string AdminKeyForbidden = "ADMIN_KEY_FORBIDDEN";
    public const string ApiKeyLifetimeExceeded = "API_KEY_LIFETIME_EXCEEDED";

    // Extensions and their webhooks.
    public const string WebhookTargetRefused = "WEBHOOK_TARGET_REFUSED";
    public const string WebhookNotConfigured = "WEBHOOK_NOT_CONFIGURED";

    // Evidence packs.
    public const string EvidencePackTooLarge = "EVIDENCE_PACK_TOO_LARGE";

    // The core manifest.
    public const string ModuleNotFound = "MODULE_NOT_FOUND";
    public const string ModuleRequired = "MODULE_REQUIRED";
    public const string ModuleDisabledByDeployment = "MODULE_DISABLED_BY_DEPLOYMENT";

    private const string NotFoundSuffix = "_NOT_FOUND";
    private const string AlreadyExistsSuffix = "_ALREADY_EXISTS";
    private const string HasDependentsSuffix = "_HAS_DEPENDENTS";
    private const string FrozenSuffix = "_FROZEN";

    /// <summary>The codes above with their status; a code has one status wherever it is answered.</summary>
    public static IReadOnlyDictionary<string, int> Fixed { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [NotFound] = 404,
        [MalformedJson] = 400,
        [ValidationFailed] = 400,
        [InvalidQueryParameter] = 400,
        [InvalidHeader] = 400,
        [PayloadTooLarge] = 413,
        [UnsupportedMediaType] = 415,
        [PreconditionFailed] = 412,
        [Unauthenticated] = 401,
        [Forbidden] = 403,
        [EscalationForbidden] = 403,
        [ServiceUnavailable] = 503,
        [InternalError] = 500,
        [ModuleDisabled] = 503,
        [TooManyStreams] = 503,
        [RuleViolation] = 422,
        [ReferenceNotFound] = 422,
        [DocumentTooLarge] = 413,
        [ListFull] = 409,
        [InvalidStateTransition] = 409,
        [ReadOnlyState] = 409,
        [TransitionRequiresAction] = 409,
        [ContextNotActive] = 409,
        [TraceIdTaken] = 409,
        [PlanFrozen] = 409,
        [PlanNotApproved] = 409,
        [PlanAlreadyExecuting] = 409,
        [ApprovalMismatch] = 409,
        [ExecutionEnded] = 409,
        [SelfApprovalForbidden] = 403,
        [ClaimTokenInvalid] = 403,
        [AlreadyDecided] = 409,
        [RoleNotHeld] = 403,
        [TargetNotApprovable] = 409,
        [PolicyFrozen] = 409,
        [ParticipantNotFound] = 404,
        [CollabNotActive] = 409,
        [ModeNotSupported] = 409,
        [SessionRunning] = 409,
        [NodeNotFound] = 404,
        [RoleNameTaken] = 409,
        [AssignmentAlreadyExists] = 409,
        [AdminKeyForbidden] = 403,
        [ApiKeyLifetimeExceeded] = 422,
        [WebhookTargetRefused] = 422,
        [WebhookNotConfigured] = 409,
        [EvidencePackTooLarge] = 413,
        [ModuleNotFound] = 404,
        [ModuleRequired] = 409,
        [ModuleDisabledByDeployment] = 409,
    };

    /// <summary><c>PLAN_NOT_FOUND</c>: no object (or sub-resource, e.g. <c>execution</c>) of that name with the id.</summary>
    public static string NotFoundOf(string module) => module.ToUpperInvariant() + NotFoundSuffix;

    public static string AlreadyExistsOf(string module) => module.ToUpperInvariant() + AlreadyExistsSuffix;

    public static string HasDependentsOf(string module) => module.ToUpperInvariant() + HasDependentsSuffix;

    /// <summary><c>PLAN_FROZEN</c>: the module's frozen statuses keep its content (<see cref="PlanFrozen"/> is the plan's).</summary>
    public static string FrozenOf(string module) => module.ToUpperInvariant() + FrozenSuffix;

    /// <summary>The status of a code: a fixed one's, or a per-module one's by its suffix; null for a code not in the catalogue.</summary>
    public static int? StatusOf(string code)
        => Fixed.TryGetValue(code, out var status) ? status
            : code.EndsWith(NotFoundSuffix, StringComparison.Ordinal) ? 404
            : code.EndsWith(AlreadyExistsSuffix, StringComparison.Ordinal) || code.EndsWith(HasDependentsSuffix, StringComparison.Ordinal)
                || code.EndsWith(FrozenSuffix, StringComparison.Ordinal) ? 409
            : null;
}
