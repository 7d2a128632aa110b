using System.Net;
using System.Text.Json.Nodes;

namespace Mplp.Functions.Tests.Events;

/// <summary>
/// One open event stream, read frame by frame as a browser's EventSource would, heartbeats included
/// (a parser such as SseParser drops comments, which the heartbeat test needs to see).
/// </summary>
internal sealed class EventStreamClient : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpStatusCode Status => _response.StatusCode;

    public HttpResponseMessage Response => _response;

    /// <summary>
    /// A client like <paramref name="like"/> (address, credentials) whose closed streams close their
    /// connection at once: by default a disposed response is drained for up to 2 s to reuse the
    /// connection, and meanwhile the server still counts the stream.
    /// </summary>
    public static HttpClient Like(HttpClient like)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = like.BaseAddress };
        client.DefaultRequestHeaders.Authorization = like.DefaultRequestHeaders.Authorization;
        return client;
    }

    public static async Task<EventStreamClient> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventStreamClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next frame: an event, or a comment (<see cref="Frame.Comment"/> set); null when the stream ended.</summary>
    public async Task<Frame?> ReadAsync(CancellationToken cancellationToken)
    {
        string? id = null, type = null, data = null, comment = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (id is not null || comment is not null)
                {
                    return new Frame(id, type, data is null ? null : JsonNode.Parse(data)!.AsObject(), comment);
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "": comment = value; break;
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = value; break;
            }
        }

        return null;
    }

    /// <summary>The body of an answer that is no stream (a problem).</summary>
    public Task<string> ReadBodyAsync() => _reader.ReadToEndAsync();

    /// <summary>The next <paramref name="count"/> events, skipping heartbeats.</summary>
    public async Task<List<Frame>> ReadEventsAsync(int count, CancellationToken cancellationToken)
    {
        var events = new List<Frame>();
        while (events.Count < count)
        {
            var frame = await ReadAsync(cancellationToken) ?? throw new InvalidOperationException($"The stream ended after {events.Count} of {count} events.");
            if (frame.Comment is null)
            {
                events.Add(frame);
            }
        }

        return events;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }

    internal sealed record Frame(string? Id, string? Type, JsonObject? Event, string? Comment);
}
