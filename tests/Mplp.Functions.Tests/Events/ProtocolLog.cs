using System.Text.Json;
using System.Text.Json.Nodes;
using Mplp.Core.Protocol;
using Mplp.Testing.Protocol;

namespace Mplp.Functions.Tests.Events;

/// <summary>
/// A context's event log read through the API, and what every log must satisfy: each entry is an
/// MPLP event (common/events.schema.json); its <c>data</c>, when it is an SA, MAP or family event,
/// validates against that schema; the protocol's invariants hold on it.
/// </summary>
internal static class ProtocolLog
{
    private static readonly MplpSchemas Schemas = MplpSchemas.Load();

    /// <summary>The context's log, oldest first, once it holds an event of type <paramref name="last"/>.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ReadUntilAsync(ApiFixture api, string contextId, string last)
    {
        var events = new List<JsonObject>();
        await Execution.Executions.WaitUntilAsync(async () =>
        {
            events.Clear();
            string? cursor = null;
            do
            {
                var (_, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/contexts/{contextId}/events?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
                events.AddRange(page["items"]!.AsArray().Select(e => e!.AsObject()));
                cursor = page["next_cursor"]?.GetValue<string>();
            }
            while (cursor is not null);
            return events.Any(e => TypeOf(e) == last);
        }, () => $"a {last} event in the log of {contextId}; it has {string.Join(", ", events.Select(TypeOf))}");
        return events;
    }

    /// <summary>The profile or family events among <paramref name="log"/> (the entries' <c>data</c>): of a profile whose types start with <paramref name="prefixOrFamily"/> (SA, MAP), or of that family.</summary>
    public static List<JsonObject> Of(IEnumerable<JsonObject> log, string prefixOrFamily)
        => [.. log.Select(e => e["data"] as JsonObject).OfType<JsonObject>()
            .Where(d => d["event_family"]?.GetValue<string>() == prefixOrFamily || (SchemaOf(d) is not null && d["event_type"]!.GetValue<string>().StartsWith(prefixOrFamily, StringComparison.Ordinal)))];

    /// <summary>Every entry and its protocol event validate; every envelope shares its data's id and time.</summary>
    public static void AssertValid(IEnumerable<JsonObject> log)
    {
        foreach (var entry in log)
        {
            AssertValid("common/events.schema.json", entry);
            if (entry["data"] is JsonObject data && SchemaOf(data) is { } schema)
            {
                AssertValid(schema, data);
                Assert.Equal((entry["event_id"]!.GetValue<string>(), entry["timestamp"]!.GetValue<string>()), (data["event_id"]!.GetValue<string>(), data["timestamp"]!.GetValue<string>()));
                // The envelope names it in dotted lower case: SAStepStarted as sa.step.started, pipeline_stage_running as pipeline.stage.running.
                Assert.Equal(data["event_type"]!.GetValue<string>().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant(), TypeOf(entry).Replace(".", "", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>
    /// The observability invariants on every family event, the SA invariants on each SA event (its
    /// trace scope: that event's bindings and the SA events of the log) and the MAP invariants on the
    /// MAP events, with <paramref name="objects"/> (context, plan, collab) as the API returns them.
    /// </summary>
    public static void AssertInvariantsHold(IReadOnlyList<JsonObject> log, IReadOnlyDictionary<string, JsonNode> objects)
    {
        var violations = new List<InvariantViolation>();
        var observability = Invariant.Protocol("observability");
        foreach (var familyEvent in log.Select(e => e["data"] as JsonObject).OfType<JsonObject>().Where(d => d.ContainsKey("event_family")))
        {
            violations.AddRange(InvariantEvaluator.Evaluate(observability, new Dictionary<string, JsonNode> { ["event"] = familyEvent }));
        }

        var saEvents = Of(log, "SA");
        foreach (var saEvent in saEvents)
        {
            var trace = new JsonObject
            {
                ["trace_id"] = saEvent["trace_id"]?.DeepClone(),
                ["context_id"] = saEvent["context_id"]?.DeepClone(),
                ["plan_id"] = saEvent["plan_id"]?.DeepClone(),
                ["events"] = new JsonArray([.. saEvents.Select(e => (JsonNode?)e.DeepClone())]),
            };
            violations.AddRange(InvariantEvaluator.Evaluate(Invariant.Protocol("sa"), new Dictionary<string, JsonNode>(objects) { ["trace"] = trace }));
        }

        var mapEvents = Of(log, "MAP");
        if (mapEvents.Count > 0)
        {
            var trace = new JsonObject { ["events"] = new JsonArray([.. mapEvents.Select(e => (JsonNode?)e.DeepClone())]) };
            violations.AddRange(InvariantEvaluator.Evaluate(Invariant.Protocol("map"), new Dictionary<string, JsonNode>(objects) { ["trace"] = trace }));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations.Distinct()));
    }

    public static string TypeOf(JsonObject mplpEvent) => mplpEvent["event_type"]!.GetValue<string>();

    /// <summary>The schema of a protocol event: SA and MAP events by their type, family events by their family; null for the platform's own data.</summary>
    private static string? SchemaOf(JsonObject data) => data switch
    {
        _ when data["event_family"]?.GetValue<string>() is { } family => $"events/mplp-{family.Replace('_', '-')}-event.schema.json",
        _ when data.ContainsKey("sa_id") => "events/mplp-sa-event.schema.json",
        _ when data.ContainsKey("session_id") => "events/mplp-map-event.schema.json",
        _ => null,
    };

    private static void AssertValid(string schema, JsonObject instance)
    {
        var errors = Schemas.Validate(schema, JsonSerializer.SerializeToElement(instance));
        Assert.True(errors.Count == 0, $"not valid against {schema}: {string.Join("; ", errors)}\n{instance.ToJsonString()}");
    }
}
