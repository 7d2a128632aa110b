using System.Text.Json.Nodes;

namespace Mplp.Core.Events;

/// <summary>An MPLP event and its position in its trace's log (1, 2, ... in commit order).</summary>
public sealed record LoggedEvent(long Position, JsonObject Event);

/// <param name="Events">The events after the position asked for, in position order.</param>
/// <param name="ReadThrough">
/// How far the read looked: the last event's position if the page is full, else the trace's last
/// committed position (past events a filter left out). Read on, or wait, after it.
/// </param>
public sealed record FeedPage(IReadOnlyList<LoggedEvent> Events, long ReadThrough);
