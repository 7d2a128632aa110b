namespace Mplp.Core.Modules;

/// <summary>
/// The state machine we define over a module's <c>status</c> enum (the schemas define shapes,
/// not transitions). A status with no way out is final: the object is read-only there.
/// </summary>
public sealed class Lifecycle
{
    private readonly Dictionary<string, HashSet<string>> _next;

    /// <param name="initial">The statuses a new object may be created in; the first is the default.</param>
    /// <param name="transitions">Every status and the statuses it may move to.</param>
    /// <param name="actionOnly">Statuses only a module action (e.g. approve) may set, never a patch.</param>
    public Lifecycle(IReadOnlyList<string> initial, IReadOnlyDictionary<string, string[]> transitions, IReadOnlyCollection<string>? actionOnly = null)
    {
        Initial = initial;
        ActionOnly = actionOnly ?? [];
        _next = transitions.ToDictionary(t => t.Key, t => t.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>For an object without a <c>status</c> (a role): nothing to move between.</summary>
    public static readonly Lifecycle Stateless = new([], new Dictionary<string, string[]>());

    public IReadOnlyList<string> Initial { get; }

    public bool HasStatus => Initial.Count > 0;

    public IReadOnlyCollection<string> ActionOnly { get; }

    public IEnumerable<string> Statuses => _next.Keys;

    public bool IsKnown(string status) => _next.ContainsKey(status);

    public bool CanStartIn(string status) => Initial.Contains(status, StringComparer.Ordinal);

    public bool CanMove(string from, string to) => from == to || (_next.TryGetValue(from, out var next) && next.Contains(to));

    public bool IsFinal(string status) => _next.TryGetValue(status, out var next) && next.Count == 0;
}
