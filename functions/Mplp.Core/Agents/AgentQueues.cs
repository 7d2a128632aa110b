using System.Text;

namespace Mplp.Core.Agents;

/// <summary>Storage queue names for agent roles: 3-63 characters, lower-case letters, digits and single hyphens.</summary>
public static class AgentQueues
{
    private const string Prefix = "mplp-work-";
    private const int MaxLength = 63;

    /// <summary>The work queue of a role, e.g. <c>Code Reviewer</c> -> <c>mplp-work-code-reviewer</c>.</summary>
    public static string WorkQueueOf(string role)
    {
        var name = new StringBuilder(Prefix);
        foreach (var c in role.ToLowerInvariant())
        {
            var next = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-';
            if (next != '-' || name[^1] != '-')
            {
                name.Append(next);
            }
        }

        var queue = name.ToString(0, Math.Min(name.Length, MaxLength)).TrimEnd('-');
        return queue.Length > Prefix.Length - 1 && queue != Prefix.TrimEnd('-') ? queue : Prefix + "default";
    }
}
