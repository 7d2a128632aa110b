using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>
/// Signs a pack's root hash: <c>integrity/pack.sig.json</c> is a detached JWS (RFC 7515, flattened
/// JSON serialization, ES256) whose payload is the root hash as written in <c>integrity/pack.sha256</c>;
/// the protected header carries the public key (<c>jwk</c>) and its RFC 7638 thumbprint as <c>kid</c>.
/// The key is <see cref="EvidencePackOptions.SigningKey"/> (a Key Vault secret in production) or
/// else the development key every instance of the database shares, made by the first that needs it.
/// </summary>
public sealed class PackSigner(MplpDatabase database, IOptions<EvidencePackOptions> options)
{
    private const string DevelopmentKeyName = "development";
    private readonly Lock _gate = new();
    private Task<Key>? _key;

    /// <summary>The signature file's bytes for <paramref name="rootHash"/> (a fixed length for a key: ES256 signatures are 64 bytes).</summary>
    public async Task<byte[]> SignAsync(string rootHash, CancellationToken cancellationToken)
    {
        var key = await KeyAsync().WaitAsync(cancellationToken);
        var signingInput = Encoding.ASCII.GetBytes($"{key.ProtectedHeader}.{Base64Url.EncodeToString(Encoding.ASCII.GetBytes(rootHash))}");
        var signature = key.Ecdsa.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var jws = new JsonObject
        {
            ["protected"] = key.ProtectedHeader,
            ["header"] = new JsonObject { ["kid"] = key.Id },
            ["signature"] = Base64Url.EncodeToString(signature),
        };
        return Encoding.UTF8.GetBytes(jws.ToJsonString() + "\n");
    }

    /// <summary>The public key packs are signed with, as a JWK with its <c>kid</c>: what an auditor pins the signature to.</summary>
    public async Task<JsonObject> PublicKeyAsync(CancellationToken cancellationToken)
        => (JsonObject)(await KeyAsync().WaitAsync(cancellationToken)).Jwk.DeepClone();

    private Task<Key> KeyAsync()
    {
        lock (_gate)
        {
            // Loaded once; a failed load (the database was down) is tried again by the next pack.
            if (_key is null || _key.IsFaulted || _key.IsCanceled)
            {
                _key = LoadAsync(database, options.Value.SigningKey);
            }

            return _key;
        }
    }

    private static async Task<Key> LoadAsync(MplpDatabase database, string? configured)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(string.IsNullOrWhiteSpace(configured) ? await DevelopmentKeyAsync(database) : configured);
        if (ecdsa.KeySize != 256)
        {
            throw new InvalidOperationException($"{EvidencePackOptions.Section}:SigningKey must be a P-256 key (ES256); it is {ecdsa.KeySize} bits.");
        }

        var point = ecdsa.ExportParameters(false).Q;
        string x = Base64Url.EncodeToString(point.X), y = Base64Url.EncodeToString(point.Y);
        // RFC 7638: the required members in lexicographic order, no white space.
        var thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""")));
        var jwk = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = x, ["y"] = y, ["kid"] = thumbprint };
        var header = new JsonObject
        {
            ["alg"] = "ES256",
            ["kid"] = thumbprint,
            ["jwk"] = jwk.DeepClone(),
        };
        return new Key(ecdsa, thumbprint, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())), jwk);
    }

    /// <summary>The shared development key: the first instance's insert wins, every instance reads the winner.</summary>
    private static async Task<string> DevelopmentKeyAsync(MplpDatabase database)
    {
        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using (var insert = new NpgsqlCommand("INSERT INTO evidence_signing_keys (name, private_key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = DevelopmentKeyName });
            insert.Parameters.Add(new NpgsqlParameter { Value = fresh.ExportPkcs8PrivateKeyPem() });
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await using var select = new NpgsqlCommand("SELECT private_key FROM evidence_signing_keys WHERE name = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = DevelopmentKeyName });
        return (string)(await select.ExecuteScalarAsync(CancellationToken.None))!;
    }

    private sealed record Key(ECDsa Ecdsa, string Id, string ProtectedHeader, JsonObject Jwk);
}
