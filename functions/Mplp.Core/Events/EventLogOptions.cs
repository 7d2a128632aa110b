namespace Mplp.Core.Events;

public sealed class EventLogOptions
{
    public const string Section = "Mplp:EventLog";

    /// <summary>The Azure Table that holds every trace's events (partition = trace id).</summary>
    public string TableName { get; set; } = "mplpevents";

    /// <summary>How often the dispatcher looks for outbox rows it was not told about.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Outbox rows moved per round; Table transactions take at most 100 entities.</summary>
    public int BatchSize { get; set; } = 100;
}
