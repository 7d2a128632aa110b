namespace Mplp.Core.Errors;

/// <summary>The problems one module's rules raise (the shared ones are in <c>Problems.cs</c>).</summary>
public static partial class Problems
{
    // Plans, their executions and the agents' work.
    public static ProblemException PlanNotApproved(string? status) => new(
        Of(ProblemCodes.PlanNotApproved, "The plan is not approved", $"Only an approved plan executes; this one is '{status}'."));

    public static ProblemException PlanAlreadyExecuting(string detail) => new(Of(ProblemCodes.PlanAlreadyExecuting, "The plan is executing", detail));

    public static ProblemException ApprovalMismatch(string detail) => new(Of(ProblemCodes.ApprovalMismatch, "The plan is not what was approved", detail));

    public static ProblemException ExecutionEnded() => new(Of(ProblemCodes.ExecutionEnded, "The execution has ended", "There is nothing to cancel."));

    /// <summary>Four eyes (a plan, or any confirm's target): the author of what is approved approves it.</summary>
    public static ProblemException SelfApprovalForbidden(string detail) => new(Of(ProblemCodes.SelfApprovalForbidden, "Self-approval forbidden", detail));

    public static ProblemException ClaimTokenInvalid(string detail) => new(Of(ProblemCodes.ClaimTokenInvalid, "Not the attempt's claim token", detail));

    // Confirms.
    public static ProblemException AlreadyDecided(string detail) => new(Of(ProblemCodes.AlreadyDecided, "Already decided", detail));

    public static ProblemException RoleNotHeld(string detail) => new(Of(ProblemCodes.RoleNotHeld, "Role not held", detail));

    public static ProblemException TargetNotApprovable(string? status) => new(
        Of(ProblemCodes.TargetNotApprovable, "The plan cannot be approved", $"The plan is '{status}'; only a proposed plan can be approved."));

    public static ProblemException PolicyFrozen(string detail) => new(Of(ProblemCodes.PolicyFrozen, "The policy is frozen", detail));

    // Collabs and their sessions.
    public static ProblemException ParticipantNotFound(string participantId) => new(
        Of(ProblemCodes.ParticipantNotFound, "Participant not found", $"'{participantId}' is not a participant of this collab."));

    public static ProblemException CollabNotActive(string? status) => new(
        Of(ProblemCodes.CollabNotActive, "The collab is not active", $"A session starts in an active collab; this one is '{status}'."));

    public static ProblemException ModeNotSupported(string? mode) => new(
        Of(ProblemCodes.ModeNotSupported, "The mode has no session", $"Sessions run round_robin and broadcast collabs; this one is '{mode}'."));

    public static ProblemException SessionRunning(string detail) => new(Of(ProblemCodes.SessionRunning, "A session is running", detail));

    // Networks.
    public static ProblemException NodeNotFound(string detail) => new(Of(ProblemCodes.NodeNotFound, "Node not found", detail));

    // Roles, assignments and API keys.
    public static ProblemException RoleNameTaken() => new(
        Of(ProblemCodes.RoleNameTaken, "The role name is taken", "Another role has this name; role names are unique, ignoring case."));

    public static ProblemException AssignmentAlreadyExists(string detail) => new(Of(ProblemCodes.AssignmentAlreadyExists, "The assignment already exists", detail));

    public static ProblemException AdminKeyForbidden(string detail) => new(Of(ProblemCodes.AdminKeyForbidden, "No API key for an administrator", detail));

    public static ProblemException ApiKeyLifetimeExceeded(string detail, string latest) => new(
        Of(ProblemCodes.ApiKeyLifetimeExceeded, "The key would live too long", detail) with { Errors = [new Protocol.SchemaError("/expires_at", $"must not be later than {latest}")] });

    // The core manifest and the module switches.
    public static ProblemException ModuleNotFound(string moduleId) => new(
        Of(ProblemCodes.ModuleNotFound, "Module not found", $"'{moduleId}' is not an MPLP module."));

    public static ProblemException ModuleRequired(string moduleId) => new(
        Of(ProblemCodes.ModuleRequired, "The module is required", $"The {moduleId} module cannot be disabled."));

    /// <summary>Enabling, in the manifest, a module this deployment does not run.</summary>
    public static ProblemException ModuleDisabledByDeployment(string moduleId) => new(
        Of(ProblemCodes.ModuleDisabledByDeployment, "The deployment disables the module",
            $"The {moduleId} module is not deployed here (the chart's mplp.modules.{moduleId}.enabled is false); enable it there and upgrade the release."));

    public static ProblemException ModuleDisabled(string module) => new(
        Of(ProblemCodes.ModuleDisabled, "Module disabled", $"The {module} module is disabled on this instance (see GET /api/v1/core)."));

    /// <summary>What a module the deployment disabled answers, wherever it is asked for.</summary>
    public static ProblemException ModuleNotDeployed(string module) => new(
        Of(ProblemCodes.ModuleDisabled, "Module disabled",
            $"The {module} module is disabled by this deployment (the chart's mplp.modules.{module}.enabled is false); it is not running here."));

    // Extensions and their webhooks.
    public static ProblemException WebhookTargetRefused(string detail) => new(
        Of(ProblemCodes.WebhookTargetRefused, "The webhook target is refused", detail) with { Errors = [new("/config/webhook/url", detail)] });

    public static ProblemException WebhookNotConfigured(Guid extensionId) => new(Of(ProblemCodes.WebhookNotConfigured, "Not a webhook subscription",
        $"Extension '{extensionId}' has no config.webhook (an integration extension with config.webhook {{url, event_types, event_families}} is one)."));

    // Evidence packs.
    public static ProblemException EvidencePackTooLarge(string detail) => new(Of(ProblemCodes.EvidencePackTooLarge, "The evidence pack would be too large", detail));
}
