using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mplp.PackVerifier;

/// <summary>
/// Checks a pack as the MPLP Validation Lab's contract states it: every file against
/// <c>integrity/sha256sums.txt</c> (nothing missing, extra or changed), the root hash, the timeline's
/// form and order, the manifest, the evidence pointers, and the signature. Each failure names where.
/// </summary>
public static partial class PackVerifier
{
    public const string Manifest = "manifest.json";
    public const string Timeline = "timeline/events.ndjson";
    public const string Pointers = "evidence_pointers.json";
    public const string Sums = "integrity/sha256sums.txt";
    public const string RootHash = "integrity/pack.sha256";
    public const string Signature = "integrity/pack.sig.json";

    /// <param name="key">The instance's public key (a JWK or a PEM) the signature must be made with, or null to accept the key the pack names.</param>
    public static Verdict Verify(string path, string? key)
    {
        var failures = new List<Finding>();
        var notes = new List<string>();
        var pack = PackFiles.Load(path, failures);
        if (pack is null)
        {
            return new Verdict(Path.GetFileName(path), failures, notes);
        }

        foreach (var required in new[] { Manifest, Timeline, Sums, RootHash })
        {
            if (!pack.Files.ContainsKey(required))
            {
                failures.Add(new Finding(required, "missing; every pack has it"));
            }
        }

        var rootHash = CheckSums(pack, failures);
        var events = CheckTimeline(pack, failures);
        CheckManifest(pack, failures);
        CheckPointers(pack, events, failures);
        if (rootHash is not null)
        {
            SignatureCheck.Check(pack, rootHash, key, failures, notes);
            notes.Insert(0, $"{pack.Files.Count} files, {events.Count} events, root hash {rootHash}");
        }

        return new Verdict(pack.Root, failures, notes);
    }

    /// <returns>The root hash recomputed from the sums, or null when the sums cannot be read.</returns>
    private static string? CheckSums(PackFiles pack, List<Finding> failures)
    {
        if (!pack.Files.TryGetValue(Sums, out var sumsBytes))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(sumsBytes);
        if (text.Contains('\r', StringComparison.Ordinal) || !text.EndsWith('\n'))
        {
            failures.Add(new Finding(Sums, "lines end with LF, the last one too"));
            return null;
        }

        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text[..^1].Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = SumsLine().Match(lines[i]);
            if (!match.Success || !listed.TryAdd(match.Groups[2].Value, match.Groups[1].Value))
            {
                failures.Add(new Finding($"{Sums} line {i + 1}", match.Success ? "lists a path twice" : "not '<64 lowercase hex>  <path>'"));
            }
        }

        foreach (var (file, expected) in listed)
        {
            if (!pack.Files.TryGetValue(file, out var content))
            {
                failures.Add(new Finding(file, $"listed in {Sums} but missing from the pack"));
            }
            else if (Convert.ToHexStringLower(SHA256.HashData(content)) is var actual && actual != expected)
            {
                failures.Add(new Finding(file, $"changed: its SHA-256 is {actual}, {Sums} says {expected}"));
            }
        }

        foreach (var file in pack.Files.Keys.Where(f => f is not (Sums or RootHash or Signature) && !listed.ContainsKey(f)))
        {
            failures.Add(new Finding(file, $"in the pack but not listed in {Sums}"));
        }

        // The Lab's root: the entries sorted by path (its localeCompare agrees with ordinal order on [a-z0-9./-]), joined by LF.
        var entries = string.Join('\n', listed.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Value}  {e.Key}"));
        var root = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entries)));
        if (pack.Files.TryGetValue(RootHash, out var rootBytes) && Encoding.UTF8.GetString(rootBytes) != $"{root}  pack\n")
        {
            failures.Add(new Finding(RootHash, $"does not hold the root hash of {Sums}, which is {root}"));
        }

        return root;
    }

    /// <returns>The event ids of the timeline.</returns>
    private static HashSet<string> CheckTimeline(PackFiles pack, List<Finding> failures)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!pack.Files.TryGetValue(Timeline, out var bytes) || bytes.Length == 0)
        {
            return ids;
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (!text.EndsWith('\n'))
        {
            failures.Add(new Finding(Timeline, "the last line does not end with LF"));
        }

        var previous = (Timestamp: "", Id: "");
        var lines = text.TrimEnd('\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var where = $"{Timeline} line {i + 1}";
            JsonObject? line;
            try
            {
                line = JsonNode.Parse(lines[i]) as JsonObject;
            }
            catch (JsonException)
            {
                line = null;
            }

            string? Text(string field) => line?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (line is null || Text("event_id") is not { } id || Text("event_type") is null || Text("source_module") is null || line["payload"] is not JsonObject)
            {
                failures.Add(new Finding(where, "not a JSON object with event_id, event_type, timestamp, source_module and payload"));
                continue;
            }

            var timestamp = Text("timestamp") ?? "";
            if (!TimestampForm().IsMatch(timestamp))
            {
                failures.Add(new Finding(where, $"timestamp '{timestamp}' is not in the form 2026-01-09T00:00:00.000Z"));
            }

            var byTime = string.CompareOrdinal(timestamp, previous.Timestamp);
            if (i > 0 && (byTime < 0 || (byTime == 0 && string.CompareOrdinal(id, previous.Id) < 0)))
            {
                failures.Add(new Finding(where, "out of order: lines are ordered by timestamp, then event_id"));
            }

            previous = (timestamp, id);
            ids.Add(id);
        }

        return ids;
    }

    private static void CheckManifest(PackFiles pack, List<Finding> failures)
    {
        if (!pack.Files.TryGetValue(Manifest, out var bytes))
        {
            return;
        }

        JsonObject? manifest;
        try
        {
            manifest = JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            manifest = null;
        }

        string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        void Require(bool ok, string field, string what)
        {
            if (!ok)
            {
                failures.Add(new Finding($"{Manifest} {field}", what));
            }
        }

        Require(manifest is not null, "", "not a JSON object");
        Require(Text(manifest?["pack_version"]) == "1.0", "pack_version", "must be \"1.0\"");
        Require(Text(manifest?["pack_id"]) is not null, "pack_id", "missing");
        Require(Text(manifest?["created_at"]) is { } at && at.EndsWith('Z') && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), "created_at", "not an ISO 8601 UTC time");
        Require(Text(manifest?["protocol_version"]) == "1.0.0", "protocol_version", "must be \"1.0.0\"");
        foreach (var field in new[] { "name", "version", "fingerprint" })
        {
            Require(Text(manifest?["generator"]?[field]) is not null, $"generator.{field}", "missing");
        }

        Require(Text(manifest?["scenario_id"]) is not null, "scenario_id", "missing");
        if (manifest?["artifacts_included"] is not JsonArray included)
        {
            Require(false, "artifacts_included", "missing");
            return;
        }

        foreach (var name in included.Select(n => Text(n) ?? ""))
        {
            Require(pack.Files.ContainsKey($"artifacts/{name}.json"), "artifacts_included", $"names '{name}', but artifacts/{name}.json is not in the pack");
        }
    }

    private static void CheckPointers(PackFiles pack, HashSet<string> events, List<Finding> failures)
    {
        if (!pack.Files.TryGetValue(Pointers, out var bytes))
        {
            return;
        }

        JsonArray? pointers;
        try
        {
            pointers = JsonNode.Parse(bytes)?["pointers"] as JsonArray;
        }
        catch (JsonException)
        {
            pointers = null;
        }

        if (pointers is null)
        {
            failures.Add(new Finding(Pointers, "not {\"pointers\": [...]}"));
            return;
        }

        for (var i = 0; i < pointers.Count; i++)
        {
            var locator = TextAt(pointers[i], "locator");
            var file = TextAt(pointers[i], "artifact_path");
            if (file != Timeline || !locator.StartsWith("event_id:", StringComparison.Ordinal) || !events.Contains(locator["event_id:".Length..]))
            {
                failures.Add(new Finding($"{Pointers} pointer {i + 1}", $"'{locator}' in '{file}' names no event of the timeline"));
            }
        }
    }

    private static string TextAt(JsonNode? node, string field) => node is JsonObject o && o[field] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";

    [GeneratedRegex("^([0-9a-f]{64})  ([^\\s].*)$")]
    private static partial Regex SumsLine();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$")]
    private static partial Regex TimestampForm();
}
