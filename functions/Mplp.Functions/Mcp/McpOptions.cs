namespace Mplp.Functions.Mcp;

/// <summary>Configuration section <c>Mplp:Mcp</c>: the MCP server's approval gates.</summary>
public sealed class McpOptions
{
    public const string Section = "Mplp:Mcp";

    /// <summary>How long a tool-call approval waits for people when the request names no policy timeout; then it is rejected.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest <c>mplp_request_approval</c> holds its call waiting for the outcome (<c>wait_seconds</c>).</summary>
    public int MaxWaitSeconds { get; set; } = 120;
}
