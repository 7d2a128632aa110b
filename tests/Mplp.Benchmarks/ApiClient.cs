using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mplp.Benchmarks;

/// <summary>
/// What one request gave: status (0 when it threw), what an error said, the Location header, when
/// it started (a <see cref="Stopwatch"/> timestamp) and how long it took.
/// </summary>
public readonly record struct ApiResult(int Status, string? ErrorBody, string? Location, string? ContentType, long Started, TimeSpan Elapsed)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>
/// One HTTP/1.1 keep-alive connection pool for all virtual users: at most one connection per
/// user, so the server sees exactly <c>connections</c> sockets. A request's time runs from send
/// to the last byte of the body, as a client would experience it.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private const int MaxErrorBodyChars = 300;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;

    /// <param name="bearerToken">Sent with every request; the API refuses callers without one.</param>
    public ApiClient(Uri baseAddress, int connections, string? bearerToken)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // A request stuck this long is an error worth seeing, not a latency sample to wait for.
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (bearerToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<ApiResult> GetAsync(string path, CancellationToken cancellationToken)
        => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<ApiResult> DeleteAsync(string path, CancellationToken cancellationToken)
        => SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    public Task<ApiResult> PostJsonAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, cancellationToken);
    }

    /// <summary>A GET whose JSON answer the caller needs (not timed: for polling, not measuring).</summary>
    public async Task<(int Status, System.Text.Json.Nodes.JsonNode? Body)> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return ((int)response.StatusCode, text.Length > 0 ? System.Text.Json.Nodes.JsonNode.Parse(text) : null);
    }

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public void Dispose() => _http.Dispose();

    private async Task<ApiResult> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using (request)
        {
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                var status = (int)response.StatusCode;
                string? errorBody = null;
                if (response.IsSuccessStatusCode)
                {
                    // Read, not decoded: the body is part of the latency, but parsing it would be the client's cost.
                    await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await stream.CopyToAsync(Stream.Null, cancellationToken);
                }
                else
                {
                    errorBody = Truncate(await response.Content.ReadAsStringAsync(cancellationToken));
                }

                return new ApiResult(status, errorBody, response.Headers.Location?.OriginalString,
                    response.Content.Headers.ContentType?.MediaType, started, Stopwatch.GetElapsedTime(started));
            }
            catch (Exception e) when (e is HttpRequestException or IOException
                || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return new ApiResult(0, $"{e.GetType().Name}: {Truncate(e.Message)}", null, null, started, Stopwatch.GetElapsedTime(started));
            }
        }
    }

    private static string Truncate(string text)
        => text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars] + "...";
}
