using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mplp.PackVerifier;

/// <summary>
/// <c>integrity/pack.sig.json</c>: a detached JWS (RFC 7515, flattened JSON, ES256) over the root hash,
/// its public key in the protected header. Anyone can sign a pack they rebuilt: only a key pinned
/// with <c>--key</c> (the instance's) says who signed it.
/// </summary>
public static class SignatureCheck
{
    public static void Check(PackFiles pack, string rootHash, string? pinnedKey, List<Finding> failures, List<string> notes)
    {
        if (!pack.Files.TryGetValue(PackVerifier.Signature, out var bytes))
        {
            if (pinnedKey is not null)
            {
                failures.Add(new Finding(PackVerifier.Signature, "missing, and --key asks for a signed pack"));
            }
            else
            {
                notes.Add("unsigned (no integrity/pack.sig.json)");
            }

            return;
        }

        try
        {
            var jws = JsonNode.Parse(bytes);
            var protectedHeader = Field(jws, "protected");
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(protectedHeader));
            var jwk = header?["jwk"];
            if (Field(header, "alg") != "ES256" || Field(jwk, "kty") != "EC" || Field(jwk, "crv") != "P-256")
            {
                failures.Add(new Finding(PackVerifier.Signature, "not an ES256 signature with a P-256 jwk"));
                return;
            }

            var point = PointOfJwk(jwk);
            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = point });
            var signingInput = Encoding.ASCII.GetBytes($"{protectedHeader}.{Base64Url.EncodeToString(Encoding.ASCII.GetBytes(rootHash))}");
            var signature = Base64Url.DecodeFromChars(Field(jws, "signature"));
            var kid = Field(header, "kid");
            if (!key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                failures.Add(new Finding(PackVerifier.Signature, $"the signature of key {kid} does not verify over the root hash {rootHash}"));
            }
            else if (pinnedKey is not null && !SamePoint(point, PointOf(pinnedKey)))
            {
                failures.Add(new Finding(PackVerifier.Signature, $"signed by key {kid}, not by the key given with --key"));
            }
            else
            {
                notes.Add(pinnedKey is null
                    ? $"signature: ES256 by key {kid}, valid; pass --key with the instance's public key to know it signed"
                    : $"signature: ES256 by key {kid}, the key given, valid");
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or CryptographicException)
        {
            failures.Add(new Finding(PackVerifier.Signature, $"not a readable JWS ({e.Message})"));
        }
    }

    /// <summary>The public key given with --key: a file or the text itself, a JWK or a PEM.</summary>
    public static ECPoint PointOf(string key)
    {
        var text = File.Exists(key) ? File.ReadAllText(key) : key;
        if (text.TrimStart().StartsWith('{'))
        {
            return PointOfJwk(JsonNode.Parse(text));
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(text);
        return ecdsa.ExportParameters(false).Q;
    }

    private static ECPoint PointOfJwk(JsonNode? jwk) => new() { X = Base64Url.DecodeFromChars(Field(jwk, "x")), Y = Base64Url.DecodeFromChars(Field(jwk, "y")) };

    private static string Field(JsonNode? node, string name)
        => node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new FormatException($"no string '{name}'");

    private static bool SamePoint(ECPoint a, ECPoint b) => a.X.AsSpan().SequenceEqual(b.X) && a.Y.AsSpan().SequenceEqual(b.Y);
}
