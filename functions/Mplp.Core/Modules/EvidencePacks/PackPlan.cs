namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>What <see cref="EvidencePackExporter"/> decided a pack holds, for <see cref="PreparedPack"/> to write.</summary>
public sealed record PackPlan(
    Guid ContextId,
    string PartitionKey,
    DateTimeOffset CreatedAt,
    byte[] Manifest,
    IReadOnlyList<PackArtifact> Artifacts,
    PackTimelinePlan Timeline,
    LabEvidence Evidence,
    byte[] EvidencePointers);

/// <summary>
/// An artifact: its name in <c>artifacts_included</c>, its size, and its bytes when made here
/// (<paramref name="Content"/>) or else the stored object whose document it is.
/// </summary>
public sealed record PackArtifact(string Name, long Size, byte[]? Content, StoredObject? Stored)
{
    public static PackArtifact Inline(string name, byte[] content) => new(name, content.Length, content, null);
}

/// <summary>The timeline's lines in pack order.</summary>
public sealed record PackTimelinePlan(IReadOnlyList<TimelineLine> Lines);

/// <summary>One event's place in the timeline: the keys it is ordered by, its log position and its line's size.</summary>
public sealed record TimelineLine(string Timestamp, string EventId, long Position, long Size);
