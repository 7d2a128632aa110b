namespace Mplp.Functions.Tests.Events;

/// <summary>A host with a small stream cap and a short heartbeat, so the tests reach both quickly.</summary>
public sealed class EventStreamFixture : ApiFixture
{
    public const int MaxStreams = 4;
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Reauthorize = TimeSpan.FromSeconds(1);

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Mplp__Events__MaxStreams", $"{MaxStreams}"),
        new("Mplp__Events__Heartbeat", Heartbeat.ToString()),
        new("Mplp__Events__Reauthorize", Reauthorize.ToString()),
    ];

    /// <summary>A running Trace object (its own log partition) and its id.</summary>
    public async Task<string> NewTraceAsync()
    {
        var (response, trace) = await SendAsync(HttpMethod.Post, "/api/v1/traces", new { context_id = await NewContextAsync(), status = "running" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return trace["trace_id"]!.GetValue<string>();
    }

    /// <summary>Appends events of the given types to the trace, one batch.</summary>
    public async Task AppendAsync(string traceId, params string[] types)
    {
        var batch = new { events = types.Select(t => new { event_type = t, source = "agent.test", data = new { n = 1 } }) };
        var (response, _) = await SendAsync(HttpMethod.Post, $"/api/v1/traces/{traceId}/events", batch);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }
}
