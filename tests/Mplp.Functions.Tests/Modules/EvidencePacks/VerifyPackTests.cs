using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Mplp.Functions.Tests.Modules.EvidencePacks;

/// <summary><c>./mplp verify-pack</c> on the scenario's pack: whole it passes; each tampering fails, named where.</summary>
[Collection(EvidencePackFixture.Collection)]
public sealed class VerifyPackTests(EvidencePackFixture api)
{
    [Fact]
    public void Verify_ExportedPack_Passes()
    {
        var verdict = PackVerifier.PackVerifier.Verify(api.SaveZip(api.Pack), key: null);

        Assert.True(verdict.Passed, string.Join("\n", verdict.Failures));
        Assert.Contains(verdict.Notes, n => n.StartsWith("signature: ES256", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_OneByteOfAnArtifactChanged_FailsNamingTheArtifact()
    {
        var dir = api.Unpack(api.Pack);
        var plan = Path.Combine(dir, "artifacts/plan.json");
        var bytes = File.ReadAllBytes(plan);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(plan, bytes);

        var verdict = PackVerifier.PackVerifier.Verify(dir, key: null);

        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Failures, f => f.Where == "artifacts/plan.json" && f.What.StartsWith("changed", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_EventLineDropped_FailsNamingTheTimeline()
    {
        var dir = api.Unpack(api.Pack);
        var timeline = Path.Combine(dir, "timeline/events.ndjson");
        var lines = File.ReadAllLines(timeline).ToList();
        lines.RemoveAt(1);
        File.WriteAllText(timeline, string.Join('\n', lines) + "\n");

        var verdict = PackVerifier.PackVerifier.Verify(dir, key: null);

        Assert.Contains(verdict.Failures, f => f.Where == "timeline/events.ndjson" && f.What.StartsWith("changed", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_FileAdded_FailsNamingIt()
    {
        var dir = api.Unpack(api.Pack);
        File.WriteAllText(Path.Combine(dir, "artifacts/extra.json"), "{}\n");

        var verdict = PackVerifier.PackVerifier.Verify(dir, key: null);

        Assert.Contains(verdict.Failures, f => f.Where == "artifacts/extra.json" && f.What.Contains("not listed", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_TamperedThenSumsAndRootHashRecomputed_FailsOnTheSignature()
    {
        var dir = api.Unpack(api.Pack);
        File.WriteAllText(Path.Combine(dir, "artifacts/plan.json"), "{\"plan_id\":\"forged\"}\n");
        Rehash(dir);

        var verdict = PackVerifier.PackVerifier.Verify(dir, key: null);

        var failure = Assert.Single(verdict.Failures);
        Assert.Equal("integrity/pack.sig.json", failure.Where);
        Assert.Contains("does not verify", failure.What, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Verify_PinnedToTheKeyTheInstancePublishes_PassesAndAnotherKeyFails()
    {
        var file = api.SaveZip(api.Pack);
        var (response, instanceKey) = await api.SendAsync(HttpMethod.Get, "/api/v1/core/evidence-pack-key");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var pinned = PackVerifier.PackVerifier.Verify(file, instanceKey.ToJsonString());
        var wrong = PackVerifier.PackVerifier.Verify(file, other.ExportSubjectPublicKeyInfoPem());

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("EC", "P-256"), (instanceKey["kty"]?.GetValue<string>(), instanceKey["crv"]?.GetValue<string>()));
        Assert.True(pinned.Passed, string.Join("\n", pinned.Failures));
        Assert.Contains(wrong.Failures, f => f.Where == "integrity/pack.sig.json" && f.What.Contains("not by the key given", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task EvidencePackKey_WithoutTraceRead_IsForbidden()
    {
        using var stranger = api.NewClient(api.Tokens.For("no-roles-" + Guid.NewGuid().ToString("N")));
        var (response, problem) = await api.SendAsync(HttpMethod.Get, "/api/v1/core/evidence-pack-key", client: stranger);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("FORBIDDEN", problem["code"]?.GetValue<string>());
    }

    [Fact(Timeout = 60_000)]
    public async Task VerifierCommand_ExitsZeroOnAWholePackAndOneNamingTheChangedFile()
    {
        var whole = api.SaveZip(api.Pack);
        var dir = api.Unpack(api.Pack);
        File.AppendAllText(Path.Combine(dir, "artifacts/context.json"), " ");

        var (passed, passOutput) = await RunVerifierAsync(whole);
        var (failed, failOutput) = await RunVerifierAsync(dir);

        Assert.True(passed == 0, passOutput);
        Assert.StartsWith("PASS", passOutput, StringComparison.Ordinal);
        Assert.Equal(1, failed);
        Assert.Contains("artifacts/context.json: changed", failOutput, StringComparison.Ordinal);
    }

    /// <summary>What a forger who knows the format does: new sums and root hash for the changed files (the signature they cannot redo).</summary>
    private static void Rehash(string dir)
    {
        var sums = Path.Combine(dir, "integrity/sha256sums.txt");
        var lines = File.ReadAllLines(sums).Select(l => l[66..]).Select(p => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, p))))}  {p}").ToList();
        File.WriteAllText(sums, string.Join('\n', lines) + "\n");
        var root = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines.OrderBy(l => l[66..], StringComparer.Ordinal)))));
        File.WriteAllText(Path.Combine(dir, "integrity/pack.sha256"), $"{root}  pack\n");
    }

    private static async Task<(int ExitCode, string Output)> RunVerifierAsync(string pack)
    {
        var verifier = Path.Combine(AppContext.BaseDirectory, "Mplp.PackVerifier.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [verifier, pack]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
