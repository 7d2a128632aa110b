using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Modules.EvidencePacks;

namespace Mplp.Core.Tests.Modules.EvidencePacks;

/// <summary>The configured key (production's Key Vault secret) signs; the database, only the development key's home, is not needed.</summary>
public sealed class PackSignerTests
{
    [Fact]
    public async Task SignAsync_ConfiguredP256Key_DetachedEs256OverTheRootHashWithThatPublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new PackSigner(null!, Options.Create(new EvidencePackOptions { SigningKey = key.ExportPkcs8PrivateKeyPem() }));
        var rootHash = new string('a', 64);

        var jws = JsonNode.Parse(await signer.SignAsync(rootHash, CancellationToken.None))!;

        var protectedHeader = jws["protected"]!.GetValue<string>();
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(protectedHeader))!;
        var point = key.ExportParameters(false).Q;
        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
        Assert.Equal(Base64Url.EncodeToString(point.X), header["jwk"]!["x"]!.GetValue<string>());
        Assert.Equal(header["kid"]!.GetValue<string>(), jws["header"]!["kid"]!.GetValue<string>());
        var signingInput = Encoding.ASCII.GetBytes($"{protectedHeader}.{Base64Url.EncodeToString(Encoding.ASCII.GetBytes(rootHash))}");
        var signature = Base64Url.DecodeFromChars(jws["signature"]!.GetValue<string>());
        Assert.True(key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.False(key.VerifyData(Encoding.ASCII.GetBytes($"{protectedHeader}.{Base64Url.EncodeToString(Encoding.ASCII.GetBytes(new string('b', 64)))}"), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task SignAsync_ConfiguredKeyNotP256_RefusedNamingTheSetting()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var signer = new PackSigner(null!, Options.Create(new EvidencePackOptions { SigningKey = key.ExportPkcs8PrivateKeyPem() }));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(new string('a', 64), CancellationToken.None));

        Assert.Contains("SigningKey must be a P-256 key", refused.Message, StringComparison.Ordinal);
    }
}
