namespace Mplp.Core.Agents;

/// <summary>Configuration section <c>Mplp:Agents</c>.</summary>
public sealed class AgentOptions
{
    public const string Section = "Mplp:Agents";

    /// <summary>
    /// The binding expression of the results queue's trigger: the Functions host (and the dev host)
    /// resolve it from the app setting <c>Mplp:Agents:ResultsQueue</c>, which must be set.
    /// </summary>
    public const string ResultsQueueExpression = "%Mplp:Agents:ResultsQueue%";

    /// <summary>The one inbox of agents' results (<c>Agents_ReceiveResult</c> reads it); work items name it in <c>reply_to</c>.</summary>
    public string ResultsQueue { get; set; } = "mplp-agent-results";
}
