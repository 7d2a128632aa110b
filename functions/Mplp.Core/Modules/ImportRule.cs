using System.Text.Json.Nodes;
using Mplp.Core.Events;

namespace Mplp.Core.Modules;

/// <summary>
/// A new object that brings a finished record with it (history from another MPLP runtime, an agent
/// that ran elsewhere): a trace's events, a confirm's decisions. Such an object may start in
/// <see cref="Statuses"/> besides its lifecycle's initial ones, and its creator needs
/// <see cref="Capability"/> in the object's context besides the module's create capability.
/// </summary>
/// <param name="Capability">What importing takes beyond <c>module:write</c>.</param>
/// <param name="Statuses">The statuses only an import may start in (a trace's final ones).</param>
/// <param name="Brings">Whether a new object (as sent, or as prepared) is an import.</param>
public sealed record ImportRule(string Capability, IReadOnlyCollection<string> Statuses, Func<JsonObject, bool> Brings)
{
    /// <summary>Events the object brings for its own log, written with it (a trace's <c>events</c>).</summary>
    public Func<Guid, JsonObject, IReadOnlyList<OutboxEvent>>? LogEvents { get; init; }
}
