using System.Text.Json.Nodes;

namespace Mplp.Testing.Protocol;

/// <summary>
/// The descriptive invariants of map-invariants.yaml, which name no rule ("requires trace event
/// analysis ... implement custom rule"), as custom checks on a trace scope: an object whose
/// <c>events</c> are MAP events (mplp-map-event.schema.json objects).
/// </summary>
public static class MapEventChecks
{
    public static IEnumerable<InvariantViolation> Evaluate(Invariant invariant, JsonNode trace)
    {
        var events = (trace["events"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return invariant.Id switch
        {
            "map_turn_completion_matches_dispatch" => TurnsCompleted(invariant.Id, events),
            "map_broadcast_has_receivers" => BroadcastsReceived(invariant.Id, events),
            _ => throw new NotSupportedException($"No custom check for the descriptive invariant '{invariant.Id}'."),
        };
    }

    /// <summary>Every MAPTurnDispatched has one MAPTurnCompleted of the same session, role and turn, and no completion lacks its dispatch.</summary>
    private static IEnumerable<InvariantViolation> TurnsCompleted(string id, List<JsonObject> events)
    {
        var dispatched = Turns(events, "MAPTurnDispatched");
        var completed = Turns(events, "MAPTurnCompleted");
        foreach (var turn in dispatched.Keys.Union(completed.Keys))
        {
            var (sent, done) = (dispatched.GetValueOrDefault(turn), completed.GetValueOrDefault(turn));
            if (sent != done)
            {
                yield return new InvariantViolation(id, "/events", $"turn {turn} of session {turn.Session} (role {turn.Role}) was dispatched {sent} and completed {done} times");
            }
        }
    }

    /// <summary>A session that sent a broadcast has at least one MAPBroadcastReceived.</summary>
    private static IEnumerable<InvariantViolation> BroadcastsReceived(string id, List<JsonObject> events)
        => events.Where(e => TypeOf(e) == "MAPBroadcastSent").Select(SessionOf).Distinct()
            .Where(session => !events.Any(e => TypeOf(e) == "MAPBroadcastReceived" && SessionOf(e) == session))
            .Select(session => new InvariantViolation(id, "/events", $"session {session} sent a broadcast that nobody received"));

    private static Dictionary<(string? Session, string? Role, string? Number), int> Turns(List<JsonObject> events, string type)
        => events.Where(e => TypeOf(e) == type)
            .GroupBy(e => (SessionOf(e), e["payload"]?["role_id"]?.ToString(), e["payload"]?["turn_number"]?.ToString()))
            .ToDictionary(g => g.Key, g => g.Count());

    private static string? TypeOf(JsonObject mapEvent) => mapEvent["event_type"]?.ToString();

    private static string? SessionOf(JsonObject mapEvent) => mapEvent["session_id"]?.ToString();
}
