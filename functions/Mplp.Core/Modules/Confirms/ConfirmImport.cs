using System.Text.Json.Nodes;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Confirms;

/// <summary>
/// A confirm created with its <c>decisions</c>, or already resolved: the record of an approval made
/// elsewhere. Its decisions are kept as sent and are history: none has a decider
/// (<see cref="ConfirmDeciders"/>), so none counts toward a round, and creating a confirm never
/// changes its target. The platform marks them as imported beside the confirm (table
/// <c>confirm_imports</c>, filled as the confirm is inserted). Importing decisions in the names of
/// roles its creator need not hold takes <c>confirm:import</c>, which no other capability implies.
/// </summary>
public static class ConfirmImport
{
    public static readonly ImportRule Rule = new(Capabilities.ConfirmImport, ["approved", "rejected", "cancelled"], Brings);

    /// <summary>Decision ids are unique within the confirm.</summary>
    public static IReadOnlyList<SchemaError> Check(JsonObject confirm)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var decisions = confirm["decisions"] as JsonArray ?? [];
        return [.. decisions.Select((d, i) => (Id: d?["decision_id"]?.ToString() ?? "", Index: i))
            .Where(d => !seen.Add(d.Id))
            .Select(d => new SchemaError($"/decisions/{d.Index}/decision_id", "is the id of an earlier decision of this confirm"))];
    }

    private static bool Brings(JsonObject confirm)
        => confirm["decisions"] is JsonArray { Count: > 0 }
            || (confirm["status"] is JsonValue status && status.TryGetValue<string>(out var text) && text != "pending");
}
