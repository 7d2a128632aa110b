namespace Mplp.Functions.Events;

/// <summary>The live event streams (<c>GET .../events/stream</c>) of one instance.</summary>
public sealed class EventStreamOptions
{
    public const string Section = "Mplp:Events";

    /// <summary>Streams this instance serves at once; past it, 503 with Retry-After.</summary>
    public int MaxStreams { get; set; } = 1000;

    /// <summary>A quiet stream sends a comment this often, so proxies and clients see it alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often an open stream checks again that its caller may still read it (credentials, role
    /// assignments, the context): a revoked reader stops receiving within this time.
    /// </summary>
    public TimeSpan Reauthorize { get; set; } = TimeSpan.FromSeconds(15);
}
