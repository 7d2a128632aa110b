namespace Mplp.Functions.Events;

/// <summary>The live event streams (<c>GET .../events/stream</c>) of one instance.</summary>
public sealed class EventStreamOptions
{
    public const string Section = "Mplp:Events";

    /// <summary>Streams this instance serves at once; past it, 503 with Retry-After.</summary>
    public int MaxStreams { get; set; } = 1000;

    /// <summary>A quiet stream sends a comment this often, so proxies and clients see it alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
