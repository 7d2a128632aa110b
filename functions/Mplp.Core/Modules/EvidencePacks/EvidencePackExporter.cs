using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Mplp.Core.Errors;
using Mplp.Core.Protocol;
using Mplp.Core.Storage;

namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>
/// Plans a context's evidence pack in one database snapshot: which files, in which order, of what
/// size, so a pack past the limits is refused (413) before a byte is sent. The pack is then written
/// from the same snapshot (<see cref="PreparedPack"/>), streamed, never held whole in memory.
/// </summary>
public sealed class EvidencePackExporter(MplpDatabase database, PackSigner signer, IOptions<EvidencePackOptions> options, TimeProvider clock)
{
    /// <summary>Sizes of the integrity files that do not depend on the content: a sums line is hash, two spaces, path, newline.</summary>
    private const int HashHexLength = 64;

    /// <exception cref="ProblemException">404 when the context is gone; 413 past <see cref="EvidencePackOptions"/>' limits.</exception>
    public async Task<PreparedPack> PrepareAsync(Guid contextId, Guid traceId, CancellationToken cancellationToken)
    {
        var snapshot = await PackSnapshot.OpenAsync(await database.OpenConnectionAsync(cancellationToken), cancellationToken);
        try
        {
            var contextText = await snapshot.DocumentAsync("contexts", contextId, cancellationToken) ?? throw Problems.NotFound("context", contextId);
            var context = JsonNode.Parse(contextText)!.AsObject();
            var evidence = new LabEvidence();
            var timeline = await ScanTimelineAsync(snapshot, traceId.ToString(), evidence, contextId, cancellationToken);
            var createdAt = clock.GetUtcNow();

            var artifacts = new List<PackArtifact> { PackArtifact.Inline("context", Encoding.UTF8.GetBytes(contextText + "\n")) };
            var plans = 0;
            foreach (var stored in await snapshot.ObjectsAsync(contextId, cancellationToken))
            {
                var name = stored.Table == "plans" && plans++ == 0 ? "plan" : $"{stored.Table}/{stored.Id:D}";
                artifacts.Add(new PackArtifact(name, stored.Size + 1L, null, stored));
            }

            artifacts.Add(PackArtifact.Inline("trace", Encoding.UTF8.GetBytes(TraceOf(context, timeline).ToJsonString() + "\n")));
            var manifest = Encoding.UTF8.GetBytes(ManifestOf(contextId, createdAt, artifacts).ToJsonString() + "\n");
            var pointers = Encoding.UTF8.GetBytes(evidence.Pointers(timeline.Lines.Select(l => (l.Position, l.EventId))).ToJsonString() + "\n");

            var listed = new List<(string Path, long Size)> { (PackLayout.Manifest, manifest.Length) };
            listed.AddRange(artifacts.Select(a => (PackLayout.ArtifactPath(a.Name), a.Size)));
            listed.Add((PackLayout.Timeline, timeline.Lines.Sum(l => l.Size)));
            listed.Add((PackLayout.EvidencePointers, pointers.Length));
            var signatureSize = (await signer.SignAsync(new string('0', HashHexLength), cancellationToken)).Length;
            var files = listed.Count + PackLayout.IntegrityFiles.Count;
            var bytes = listed.Sum(f => f.Size + HashHexLength + 3 + f.Path.Length) + HashHexLength + "  pack\n".Length + signatureSize;
            var limits = options.Value;
            if (files > limits.MaxFiles || bytes > limits.MaxBytes)
            {
                throw Problems.EvidencePackTooLarge(
                    $"The pack of context {contextId} would hold {files} files and {bytes} bytes; a pack holds at most {limits.MaxFiles} files and {limits.MaxBytes} bytes " +
                    $"(the MPLP Validation Lab's admission limits). Read the context's objects and its events (GET /api/v1/contexts/{contextId}/events) through the API instead, and keep further work in smaller contexts.");
            }

            return new PreparedPack(snapshot, signer, new PackPlan(contextId, traceId.ToString(), createdAt, manifest, artifacts, timeline, evidence, pointers));
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Reads the log once to order it as the pack does (timestamp, then event id, as plain strings)
    /// and to size every line; decision events are sized again once paired with their decisions.
    /// </summary>
    private static async Task<PackTimelinePlan> ScanTimelineAsync(PackSnapshot snapshot, string partitionKey, LabEvidence evidence, Guid contextId, CancellationToken cancellationToken)
    {
        var lines = new List<TimelineLine>();
        var pending = new Dictionary<long, JsonObject>();
        var buffer = new ArrayBufferWriter<byte>();
        await foreach (var (position, entry) in snapshot.EventsAsync(partitionKey, cancellationToken))
        {
            if (evidence.Observe(position, entry))
            {
                pending[position] = entry;
            }

            lines.Add(new TimelineLine(PackTimeline.TimestampOf(entry), PackTimeline.TextOf(entry["event_id"]), position, Measure(buffer, entry, evidence.FieldsOf(position))));
        }

        evidence.MatchDecisions(await snapshot.ConfirmsAsync(contextId, cancellationToken));
        for (var i = 0; i < lines.Count; i++)
        {
            if (pending.TryGetValue(lines[i].Position, out var entry))
            {
                lines[i] = lines[i] with { Size = Measure(buffer, entry, evidence.FieldsOf(lines[i].Position)) };
            }
        }

        lines.Sort(static (a, b) =>
        {
            var byTime = string.CompareOrdinal(a.Timestamp, b.Timestamp);
            var byId = string.CompareOrdinal(a.EventId, b.EventId);
            return byTime != 0 ? byTime : byId != 0 ? byId : a.Position.CompareTo(b.Position);
        });
        return new PackTimelinePlan(lines);
    }

    private static long Measure(ArrayBufferWriter<byte> buffer, JsonObject entry, IReadOnlyList<KeyValuePair<string, string>> facts)
    {
        buffer.ResetWrittenCount();
        PackTimeline.Write(buffer, entry, facts);
        return buffer.WrittenCount;
    }

    /// <summary>The context's main trace as an MPLP trace object: its binding is the root span, its log the timeline.</summary>
    private static JsonObject TraceOf(JsonObject context, PackTimelinePlan timeline)
    {
        var trace = new JsonObject
        {
            ["meta"] = new JsonObject { ["protocol_version"] = ServerFields.ProtocolVersion, ["schema_version"] = ServerFields.ProtocolVersion },
            ["trace_id"] = context["trace"]!["trace_id"]!.DeepClone(),
            ["context_id"] = context["context_id"]!.DeepClone(),
            ["root_span"] = context["trace"]!.DeepClone(),
            ["status"] = PackTimeline.TextOf(context["status"]) is "archived" or "closed" ? "completed" : "running",
        };
        if (timeline.Lines.Count > 0)
        {
            trace["started_at"] = timeline.Lines[0].Timestamp;
        }

        return trace;
    }

    private static JsonObject ManifestOf(Guid contextId, DateTimeOffset createdAt, IEnumerable<PackArtifact> artifacts) => new()
    {
        ["pack_version"] = PackLayout.PackVersion,
        ["pack_id"] = MplpIds.New().ToString(),
        ["created_at"] = MplpTime.Format(createdAt),
        ["protocol_version"] = ServerFields.ProtocolVersion,
        ["generator"] = PackGenerator.Object,
        ["scenario_id"] = contextId.ToString(),
        ["artifacts_included"] = new JsonArray([.. artifacts.Select(a => (JsonNode)a.Name)]),
        ["compatibility"] = new JsonObject { ["min_ruleset_version"] = "1.0", ["max_ruleset_version"] = "1.x" },
    };
}
