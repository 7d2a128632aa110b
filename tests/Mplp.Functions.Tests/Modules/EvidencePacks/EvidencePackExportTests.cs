using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mplp.Functions.Tests.Modules.EvidencePacks;

/// <summary>
/// <c>GET /contexts/{id}/evidence-pack</c>, checked by this test's own reading of the contract (and
/// coreutils' <c>sha256sum</c>, as docs/evidence-packs.md tells an auditor), not by the exporter's
/// or the verifier's code.
/// </summary>
[Collection(EvidencePackFixture.Collection)]
public sealed partial class EvidencePackExportTests(EvidencePackFixture api)
{
    private static readonly string[] IntegrityFiles = ["integrity/sha256sums.txt", "integrity/pack.sha256", "integrity/pack.sig.json"];

    [Fact(Timeout = 60_000)]
    public async Task Export_ContextThroughApprovalAndExecution_SumsRootOrderAndManifestHold()
    {
        var dir = api.Unpack(api.Pack);
        var sums = await File.ReadAllLinesAsync(Path.Combine(dir, "integrity/sha256sums.txt"));
        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).ToList();

        // Every file but the integrity files is listed once, with its own SHA-256; coreutils agrees.
        var listed = sums.Select(l => SumsLine().Match(l)).Select(m => (Hash: m.Groups[1].Value, Path: m.Groups[2].Value)).ToList();
        Assert.All(sums, l => Assert.Matches(SumsLine(), l));
        Assert.Equal(files.Except(IntegrityFiles).Order(StringComparer.Ordinal), listed.Select(l => l.Path).Order(StringComparer.Ordinal));
        Assert.All(listed, l => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, l.Path)))), l.Hash));
        Assert.Equal("", await ShellAsync(dir, "sha256sum --check --quiet --strict integrity/sha256sums.txt"));
        // The root hash: the entries sorted by path, joined by LF, no LF at the end.
        var root = (await ShellAsync(dir, "printf '%s' \"$(LC_ALL=C sort -k 2 integrity/sha256sums.txt)\" | sha256sum")).Split(' ')[0];
        Assert.Equal($"{root}  pack\n", await File.ReadAllTextAsync(Path.Combine(dir, "integrity/pack.sha256")));

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "manifest.json")))!;
        Assert.Equal("1.0", manifest["pack_version"]!.GetValue<string>());
        Assert.Equal("1.0.0", manifest["protocol_version"]!.GetValue<string>());
        Assert.Equal(api.ContextId, manifest["scenario_id"]!.GetValue<string>());
        Assert.True(Guid.TryParse(manifest["pack_id"]!.GetValue<string>(), out _));
        Assert.EndsWith("Z", manifest["created_at"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(new[] { "name", "version", "fingerprint" }, f => Assert.False(string.IsNullOrEmpty(manifest["generator"]![f]!.GetValue<string>())));
        var included = manifest["artifacts_included"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(["context", "plan", $"confirms/{api.ConfirmId}", "trace"], included);
        Assert.All(included, name => Assert.True(File.Exists(Path.Combine(dir, "artifacts", name + ".json")), name));
        Assert.Equal(api.PlanId, JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "artifacts/plan.json")))!["plan_id"]!.GetValue<string>());
        // The alphabet, and the one name the contract gives with an underscore (first letters order it alike everywhere).
        Assert.All(files, f => Assert.Matches("^([a-z0-9./-]+|evidence_pointers\\.json)$", f));
    }

    [Fact(Timeout = 60_000)]
    public async Task Export_Timeline_EveryEventOrderedByTimestampThenIdWithTheLabsFields()
    {
        var dir = api.Unpack(api.Pack);
        var lines = (await File.ReadAllLinesAsync(Path.Combine(dir, "timeline/events.ndjson"))).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var logged = await api.EventsAsync(api.ContextId);

        Assert.Equal(logged.Select(e => e["event_id"]!.GetValue<string>()).Order(StringComparer.Ordinal), lines.Select(l => l["event_id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var keys = lines.Select(l => (T: l["timestamp"]!.GetValue<string>(), Id: l["event_id"]!.GetValue<string>())).ToList();
        Assert.All(keys, k => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", k.T));
        Assert.Equal(keys.OrderBy(k => k.T, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal), keys);
        Assert.All(lines, l => Assert.Equal(l["source"]!.GetValue<string>(), l["source_module"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.True(JsonNode.DeepEquals(l["data"], l["payload"])));

        var decision = Assert.Single(lines, l => l["decision_kind"] is not null);
        Assert.Equal(ReviewerOf(decision), decision["subject"]!.GetValue<string>());
        Assert.Equal($"plan/{api.PlanId}", decision["resource"]!.GetValue<string>());
        Assert.Equal("allow", decision["outcome"]!.GetValue<string>());
        var ended = Assert.Single(lines, l => l["event_type"]!.GetValue<string>() == "sa.completed");
        Assert.Equal("completed", ended["to_state"]!.GetValue<string>());
        Assert.Null(ended["termination_reason"]);

        var pointers = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "evidence_pointers.json")))!["pointers"]!.AsArray();
        Assert.Equal(
            [("RQ-D3-01", $"event_id:{decision["event_id"]}"), ("RQ-D2-01", $"event_id:{ended["event_id"]}")],
            pointers.Select(p => (p!["requirement_id"]!.GetValue<string>(), p["locator"]!.GetValue<string>())));
        Assert.All(pointers, p => Assert.Equal("timeline/events.ndjson", p!["artifact_path"]!.GetValue<string>()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Export_SameUnchangedContextTwice_SameBytesExceptTheManifestsIdAndTime()
    {
        var (_, once) = await api.ExportAsync(api.ContextId);
        var (_, again) = await api.ExportAsync(api.ContextId);
        string first = api.Unpack(once), second = api.Unpack(again);

        foreach (var file in Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)))
        {
            if (file is "manifest.json" || IntegrityFiles.Contains(file))
            {
                continue;
            }

            Assert.True(File.ReadAllBytes(Path.Combine(first, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, file))), file);
        }

        var (a, b) = (JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(first, "manifest.json")))!.AsObject(), JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(second, "manifest.json")))!.AsObject());
        Assert.NotEqual(a["pack_id"]!.GetValue<string>(), b["pack_id"]!.GetValue<string>());
        a.Remove("pack_id");
        a.Remove("created_at");
        b.Remove("pack_id");
        b.Remove("created_at");
        Assert.True(JsonNode.DeepEquals(a, b));
    }

    [Fact(Timeout = 60_000)]
    public async Task Export_CallerHoldingTraceReadOnlyInAnotherContext_IsRefusedWithoutAPack()
    {
        using var outsider = await api.ClientHoldingAsync(["trace:read", "context:read"], await api.NewContextAsync());

        var (response, body) = await api.ExportAsync(api.ContextId, outsider);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual((byte)'P', body.FirstOrDefault());
    }

    [Fact(Timeout = 60_000)]
    public async Task Export_CallerHoldingTraceReadInTheContext_GetsThePack()
    {
        var context = await api.NewContextAsync();
        using var insider = await api.ClientHoldingAsync(["trace:read"], context);

        var (response, body) = await api.ExportAsync(context, insider);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var dir = api.Unpack(body);
        Assert.Equal(context, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "artifacts/context.json")))!["context_id"]!.GetValue<string>());
        // The role assigned within the context is part of it; the context has no plan.
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "artifacts/roles")));
        Assert.False(File.Exists(Path.Combine(dir, "artifacts/plan.json")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Export_ContextPastTheFileLimit_Is413ProblemSayingWhatToDo()
    {
        var context = await api.NewContextAsync();
        for (var i = 0; i < 6; i++)
        {
            var (created, _) = await api.SendAsync(HttpMethod.Post, "/api/v1/plans", new
            {
                context_id = context,
                title = $"p{i}",
                objective = "o",
                status = "draft",
                steps = new[] { new { step_id = Guid.NewGuid().ToString(), description = "s", status = "pending" } },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var (response, body) = await api.ExportAsync(context);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal("EVIDENCE_PACK_TOO_LARGE", problem["code"]!.GetValue<string>());
        Assert.Contains("14 files", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"/api/v1/contexts/{context}/events", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Who decided: the principal the decision event names as its actor.</summary>
    private string ReviewerOf(JsonObject decision)
    {
        Assert.Equal(api.ReviewerPrincipal, decision["payload"]!["actor"]!.GetValue<string>());
        return api.ReviewerPrincipal;
    }

    private static async Task<string> ShellAsync(string directory, string script)
    {
        using var shell = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        var errors = await shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        Assert.True(shell.ExitCode == 0, $"{script}: exit {shell.ExitCode}\n{output}{errors}");
        return output;
    }

    [GeneratedRegex("^([0-9a-f]{64})  ([a-z0-9./-]+|evidence_pointers\\.json)$")]
    private static partial Regex SumsLine();
}
