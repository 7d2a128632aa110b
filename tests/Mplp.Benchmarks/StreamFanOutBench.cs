using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Mplp.Benchmarks;

/// <summary>What the stream fan-out measured.</summary>
/// <param name="Latency">From a write's acknowledgement (its events are committed) to each stream's delivery, per delivery.</param>
public sealed record StreamResult(int Streams, int Events, long Delivered, TimeSpan Elapsed, LatencySummary Latency);

/// <summary>
/// Live event streams: <see cref="Streams"/> clients stream one trace while writers append events to
/// it one at a time; each delivery is timed from the acknowledgement of the write that committed it.
/// </summary>
public static class StreamFanOutBench
{
    public const string Name = "streams";
    public const int Streams = 100;
    private const int Events = 200;
    private const int Writers = 4;

    public static async Task<StreamResult> RunAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var context = ContextPlanScenario.IdOf(await client.PostJsonAsync(ContextPlanScenario.ContextsPath, ContextPlanScenario.ContextBody, cancellationToken))
            ?? throw new BenchSetupException("could not create a context");
        var trace = await client.PostJsonAsync("/api/v1/traces", ApiClient.Utf8($$"""{"context_id":"{{context}}","status":"running"}"""), cancellationToken);
        var traceId = trace.Location?.Split('/')[^1] ?? throw new BenchSetupException($"could not create a trace: {ContextPlanScenario.Describe(trace)}");

        // Streams get connections of their own: each holds one for as long as it runs.
        using var streams = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Streams, UseProxy = false }) { BaseAddress = client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        streams.DefaultRequestHeaders.Authorization = Environment.GetEnvironmentVariable(Bench.TokenVariable) is { } token ? new AuthenticationHeaderValue("Bearer", token) : null;
        var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<long>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = new List<Task<int>>();
        for (var i = 0; i < Streams; i++)
        {
            var response = await streams.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/traces/{traceId}/events/stream"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new BenchSetupException($"stream {i} was refused: {(int)response.StatusCode}");
            }

            readers.Add(ReadAsync(response, acknowledged, latencies, stop.Token));
        }

        var started = Stopwatch.GetTimestamp();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Events)
            {
                var eventId = Guid.NewGuid().ToString();
                var appended = await client.PostJsonAsync($"/api/v1/traces/{traceId}/events",
                    ApiClient.Utf8($$"""{"events":[{"event_id":"{{eventId}}","event_type":"bench.tick","source":"bench"}]}"""), cancellationToken);
                if (!appended.IsSuccess)
                {
                    throw new BenchSetupException($"could not append an event: {ContextPlanScenario.Describe(appended)}");
                }

                acknowledged[eventId] = Stopwatch.GetTimestamp();
            }
        }));

        // Every stream ends on its own once it has seen every event.
        var delivered = (await Task.WhenAll(readers)).Sum();
        return new StreamResult(Streams, Events, delivered, Stopwatch.GetElapsedTime(started), LatencySummary.Of([.. latencies]));
    }

    private static async Task<int> ReadAsync(HttpResponseMessage response, ConcurrentDictionary<string, long> acknowledged, ConcurrentBag<long> latencies, CancellationToken cancellationToken)
    {
        using (response)
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            var seen = 0;
            while (seen < Events && await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var received = Stopwatch.GetTimestamp();
                var eventId = JsonNode.Parse(line.AsSpan(6).ToString())!["event_id"]!.GetValue<string>();
                // The delivery may beat the writer reading its own 202: then it waits for that, as 0.
                var ack = acknowledged.TryGetValue(eventId, out var at) ? at : received;
                latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(ack, received).Ticks));
                seen++;
            }

            return seen;
        }
    }
}
