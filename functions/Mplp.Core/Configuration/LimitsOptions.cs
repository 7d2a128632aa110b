namespace Mplp.Core.Configuration;

/// <summary>
/// Configuration section <c>Mplp:Limits</c>: how large one stored object may grow, so that no client
/// makes a document (and every read, write and check of it) grow without bound.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Mplp:Limits";

    /// <summary>Largest object, measured as the compact JSON the platform stores (escapes included).</summary>
    public int MaxDocumentBytes { get; set; } = 1024 * 1024;

    public int MaxPlanSteps { get; set; } = 1_000;

    /// <summary>A longer conversation continues in a new dialog.</summary>
    public int MaxDialogMessages { get; set; } = 1_000;

    public int MaxNetworkNodes { get; set; } = 1_000;

    public int MaxCollabParticipants { get; set; } = 100;
}
