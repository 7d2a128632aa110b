namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>
/// Where each file of a pack goes (the Validation Lab's evidence pack contract v1.0). Every path
/// keeps to <c>[a-z0-9./-]</c>: there ordinal order and JavaScript's <c>localeCompare</c>, which
/// the Lab sorts the root hash's entries with, agree. The one exception is the name the Lab gives
/// <see cref="EvidencePointers"/>; its first letter already orders it against every other path.
/// </summary>
public static class PackLayout
{
    public const string PackVersion = "1.0";
    public const string Manifest = "manifest.json";
    public const string Timeline = "timeline/events.ndjson";
    public const string EvidencePointers = "evidence_pointers.json";
    public const string Sums = "integrity/sha256sums.txt";
    public const string RootHash = "integrity/pack.sha256";
    public const string Signature = "integrity/pack.sig.json";

    /// <summary>The files <see cref="Sums"/> does not list: the sums themselves and what is made from them.</summary>
    public static readonly IReadOnlyList<string> IntegrityFiles = [Sums, RootHash, Signature];

    /// <summary>The one directory of the zip, named after the context.</summary>
    public static string DirectoryOf(Guid contextId) => $"mplp-evidence-{contextId:D}";

    /// <summary>An artifact's path from its name in the manifest's <c>artifacts_included</c> (<c>plans/{id}</c>).</summary>
    public static string ArtifactPath(string name) => $"artifacts/{name}.json";
}
