namespace Mplp.Core.Events;

public sealed class EventLogOptions
{
    public const string Section = "Mplp:EventLog";

    /// <summary>
    /// The Azure Table that archives every trace's events (partition = trace id, row key = position).
    /// Not <c>mplpevents</c>, which was keyed by outbox sequence: the archive starts over here, whole.
    /// </summary>
    public string TableName { get; set; } = "mplpeventarchive";

    /// <summary>How often the dispatcher looks for outbox rows to archive it was not told about.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Outbox rows moved per round; Table transactions take at most 100 entities.</summary>
    public int BatchSize { get; set; } = 100;
}
