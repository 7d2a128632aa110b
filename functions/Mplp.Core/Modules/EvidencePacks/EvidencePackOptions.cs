namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>Evidence packs (<c>GET /api/v1/contexts/{id}/evidence-pack</c>, docs/evidence-packs.md).</summary>
public sealed class EvidencePackOptions
{
    public const string Section = "Mplp:EvidencePacks";

    /// <summary>Files in a pack, integrity files included: the Validation Lab admits at most 1,000.</summary>
    public int MaxFiles { get; set; } = 1000;

    /// <summary>Bytes of all the pack's files together: the Validation Lab admits at most 50 MiB.</summary>
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// The PEM of the P-256 private key that signs packs (ES256). In production a Key Vault secret
    /// (<c>Mplp--EvidencePacks--SigningKey</c>, see <c>Mplp:KeyVault:Uri</c>); empty: the instance's
    /// development key, made on first use and kept in PostgreSQL (table <c>evidence_signing_keys</c>).
    /// </summary>
    public string? SigningKey { get; set; }
}
