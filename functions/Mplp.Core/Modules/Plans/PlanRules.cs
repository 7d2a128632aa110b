using System.Text.Json.Nodes;
using Mplp.Core.Protocol;

namespace Mplp.Core.Modules.Plans;

/// <summary>
/// The step graph of a schema-valid plan: step ids are unique, dependencies name steps of the same
/// plan (not the step itself), and the dependencies form no cycle.
/// </summary>
public static class PlanRules
{
    public static IReadOnlyList<SchemaError> Check(JsonObject plan)
    {
        var steps = plan["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var errors = new List<SchemaError>();
        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var id = steps[i]["step_id"]!.GetValue<string>();
            if (!indexById.TryAdd(id, i))
            {
                errors.Add(new SchemaError($"/steps/{i}/step_id", $"duplicates the id of step {indexById[id]}"));
            }
        }

        var edges = new List<int>[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            edges[i] = [];
            var dependencies = steps[i]["dependencies"]?.AsArray() ?? [];
            for (var d = 0; d < dependencies.Count; d++)
            {
                var dependency = dependencies[d]!.GetValue<string>();
                if (!indexById.TryGetValue(dependency, out var target))
                {
                    errors.Add(new SchemaError($"/steps/{i}/dependencies/{d}", $"'{dependency}' is not a step of this plan"));
                }
                else if (target == i)
                {
                    errors.Add(new SchemaError($"/steps/{i}/dependencies/{d}", "a step cannot depend on itself"));
                }
                else
                {
                    edges[i].Add(target);
                }
            }
        }

        if (errors.Count == 0 && FindCycle(edges) is { } cycle)
        {
            errors.Add(new SchemaError($"/steps/{cycle[0]}/dependencies", $"the dependencies form a cycle through steps {string.Join(" -> ", cycle)}"));
        }

        return errors;
    }

    /// <summary>
    /// Depth-first search with colours, returning the step indexes of one cycle, or null. The path is
    /// kept in a list, not on the call stack: a chain of any length cannot overflow the stack.
    /// </summary>
    private static List<int>? FindCycle(List<int>[] edges)
    {
        var state = new byte[edges.Length]; // 0 unvisited, 1 on the current path, 2 done
        var nextEdge = new int[edges.Length]; // for a step on the path: which of its edges to follow next
        var path = new List<int>();
        for (var start = 0; start < edges.Length; start++)
        {
            if (state[start] != 0)
            {
                continue;
            }

            state[start] = 1;
            path.Add(start);
            while (path.Count > 0)
            {
                var node = path[^1];
                if (nextEdge[node] == edges[node].Count)
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                var next = edges[node][nextEdge[node]++];
                if (state[next] == 1)
                {
                    return [.. path[path.IndexOf(next)..], next];
                }

                if (state[next] == 0)
                {
                    state[next] = 1;
                    path.Add(next);
                }
            }
        }

        return null;
    }
}
