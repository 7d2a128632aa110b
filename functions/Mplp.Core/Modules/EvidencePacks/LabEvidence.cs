using System.Text.Json.Nodes;

namespace Mplp.Core.Modules.EvidencePacks;

/// <summary>
/// What the pack evidences for the Validation Lab's ruleset 1.3, from the events of the log: the
/// Lab reads its semantic fields from a timeline line itself and finds the line through
/// <c>evidence_pointers.json</c>. Covered: authorization decisions (<see cref="AuthorizationDecision"/>:
/// each approval decision on a confirm, with subject, resource, action and outcome), terminal states
/// of executions (<see cref="TerminalState"/>: each plan execution's <c>sa.completed</c>, with
/// <c>to_state</c>) and terminations (<see cref="Termination"/>: failed or cancelled executions and
/// failed or timed-out agent attempts, with <c>termination_reason</c>; never a success). A refusal
/// (401/403) is not an event of the log, so it is not evidenced here.
/// </summary>
public sealed class LabEvidence
{
    public const string TerminalState = "RQ-D2-01";
    public const string AuthorizationDecision = "RQ-D3-01";
    public const string Termination = "RQ-D4-01";

    private readonly Dictionary<long, Facts> _facts = [];
    private readonly Dictionary<string, List<(long Position, string Principal)>> _decisionEvents = new(StringComparer.Ordinal);

    private static readonly IReadOnlyList<KeyValuePair<string, string>> None = [];

    /// <summary>
    /// Takes in one event of the log; call in log order. True for a decision event, whose fields
    /// are known only after <see cref="MatchDecisions"/>.
    /// </summary>
    public bool Observe(long position, JsonObject entry)
    {
        var data = entry["data"] as JsonObject ?? [];
        var type = PackTimeline.TextOf(entry["event_type"]);
        var status = PackTimeline.TextOf(data["payload"]?["status"]);
        if (type == "sa.completed" && status is "completed" or "failed" or "cancelled")
        {
            _facts[position] = status == "completed"
                ? new Facts([new("to_state", status)], [TerminalState])
                : new Facts([new("to_state", status), new("termination_reason", status == "failed" ? "failure" : "user_cancel")], [TerminalState, Termination]);
        }
        else if (type == "runtime.execution.failed")
        {
            _facts[position] = new Facts([new("termination_reason", PackTimeline.TextOf(data["outcome"]) == "timed_out" ? "timeout" : "failure")], [Termination]);
        }
        else if (type == "confirm.updated" && data["changed"] is JsonArray changed && changed.Any(f => PackTimeline.TextOf(f) == "decisions"))
        {
            var confirmId = PackTimeline.TextOf(data["confirm_id"]);
            if (!_decisionEvents.TryGetValue(confirmId, out var events))
            {
                _decisionEvents[confirmId] = events = [];
            }

            events.Add((position, PackTimeline.TextOf(data["actor"])));
            return true;
        }

        return false;
    }

    /// <summary>
    /// Pairs each decision event with its decision. Decisions are only ever appended, one per
    /// event (those a confirm was imported with came with its creation), so the confirm's last
    /// decisions are its decision events' in order.
    /// </summary>
    public void MatchDecisions(IReadOnlyDictionary<string, ConfirmDecisionsSeen> confirms)
    {
        foreach (var (confirmId, events) in _decisionEvents)
        {
            if (!confirms.TryGetValue(confirmId, out var confirm))
            {
                continue;
            }

            var first = confirm.Statuses.Count - events.Count;
            for (var i = Math.Max(0, -first); i < events.Count; i++)
            {
                var outcome = confirm.Statuses[first + i] switch { "approved" => "allow", "rejected" => "deny", _ => null };
                if (outcome is not null)
                {
                    _facts[events[i].Position] = new Facts(
                    [
                        new("decision_kind", "authz"),
                        new("subject", events[i].Principal),
                        new("resource", confirm.Target),
                        new("action", "approve"),
                        new("outcome", outcome),
                    ], [AuthorizationDecision]);
                }
            }
        }
    }

    /// <summary>The Lab's fields for the event at <paramref name="position"/> (none for most events).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FieldsOf(long position) => _facts.TryGetValue(position, out var facts) ? facts.Fields : None;

    /// <summary><c>evidence_pointers.json</c>: a pointer per evidenced requirement of each event, in timeline order.</summary>
    public JsonObject Pointers(IEnumerable<(long Position, string EventId)> timeline)
    {
        var pointers = new JsonArray();
        foreach (var (position, eventId) in timeline)
        {
            foreach (var requirement in _facts.TryGetValue(position, out var facts) ? facts.Requirements : [])
            {
                pointers.Add(new JsonObject
                {
                    ["requirement_id"] = requirement,
                    ["artifact_path"] = PackLayout.Timeline,
                    ["locator"] = $"event_id:{eventId}",
                    ["status"] = "PRESENT",
                });
            }
        }

        return new JsonObject { ["pointers"] = pointers };
    }

    private sealed record Facts(IReadOnlyList<KeyValuePair<string, string>> Fields, IReadOnlyList<string> Requirements);
}

/// <summary>A confirm as the pack needs it: what it decides on (<c>plan/{id}</c>) and its decisions' statuses in order.</summary>
public sealed record ConfirmDecisionsSeen(string Target, IReadOnlyList<string> Statuses);
