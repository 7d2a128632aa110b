using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Collabs;

/// <summary>No participant id twice (the schema already demands at least one participant).</summary>
public static class CollabRules
{
    public static IReadOnlyList<SchemaError> Check(JsonObject collab)
    {
        var participants = collab["participants"]!.AsArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<SchemaError>();
        for (var i = 0; i < participants.Count; i++)
        {
            if (!seen.Add(participants[i]!["participant_id"]!.GetValue<string>()))
            {
                errors.Add(new SchemaError($"/participants/{i}/participant_id", "is already a participant"));
            }
        }

        return errors;
    }
}
