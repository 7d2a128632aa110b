using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>
/// One line of <c>timeline/events.ndjson</c>: the MPLP event as logged, its timestamp in the one
/// form the Lab compares as plain strings (UTC, milliseconds, <c>Z</c>), then what the contract
/// names beside it: <c>source_module</c> (the event's <c>source</c>) and <c>payload</c> (its
/// <c>data</c>), and the facts the Lab's ruleset 1.3 reads from the line, if any (<see cref="LabEvidence"/>).
/// </summary>
public static class PackTimeline
{
    private const string SourceModule = "source_module";
    private const string Payload = "payload";

    /// <summary>The timestamp in the pack's form; one that does not parse (a client's) stays as it was.</summary>
    public static string NormalizeTimestamp(string raw)
        => DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? MplpTime.Format(at)
            : raw;

    public static string TimestampOf(JsonObject entry) => NormalizeTimestamp(TextOf(entry["timestamp"]));

    public static string TextOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? "";

    /// <summary>Writes the line, newline included, to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, JsonObject entry, IReadOnlyList<KeyValuePair<string, string>> facts)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in entry)
            {
                if (name is SourceModule or Payload || facts.Any(f => f.Key == name))
                {
                    continue;
                }

                writer.WritePropertyName(name);
                if (name == "timestamp")
                {
                    writer.WriteStringValue(NormalizeTimestamp(TextOf(value)));
                }
                else if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            writer.WriteString(SourceModule, TextOf(entry["source"]));
            writer.WritePropertyName(Payload);
            (entry["data"] ?? new JsonObject()).WriteTo(writer);
            foreach (var (field, value) in facts)
            {
                writer.WriteString(field, value);
            }

            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }
}
