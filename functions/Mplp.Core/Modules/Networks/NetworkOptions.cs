namespace Mplp.Core.Modules.Networks;

public sealed class NetworkOptions
{
    public const string Section = "Mplp:Network";

    /// <summary>A node that has sent heartbeats and then stays silent this long is marked unreachable.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
