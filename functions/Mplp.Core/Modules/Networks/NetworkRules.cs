using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Networks;

/// <summary>No node id twice in one network.</summary>
public static class NetworkRules
{
    public static IReadOnlyList<SchemaError> Check(JsonObject network)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<SchemaError>();
        var nodes = network["nodes"]?.AsArray() ?? [];
        for (var i = 0; i < nodes.Count; i++)
        {
            if (!seen.Add(nodes[i]!["node_id"]!.GetValue<string>()))
            {
                errors.Add(new SchemaError($"/nodes/{i}/node_id", "is already a node of this network"));
            }
        }

        return errors;
    }
}
