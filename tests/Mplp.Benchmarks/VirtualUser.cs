namespace Mplp.Benchmarks;

/// <summary>
/// One simulated client: sends through the shared <see cref="ApiClient"/>, one request at a time,
/// and keeps its own samples of the requests that started inside the measured window.
/// </summary>
public sealed class VirtualUser(ApiClient client, MeasurementWindow window, int seed)
{
    private readonly Dictionary<string, KindSamples> _samples = new(StringComparer.Ordinal);

    public ApiClient Client => client;

    /// <summary>Seeded per user so two runs pick the same ids in the same order.</summary>
    public Random Random { get; } = new(seed);

    public IEnumerable<KindSamples> Samples => _samples.Values;

    /// <summary>Awaits <paramref name="request"/> and records it under <paramref name="kind"/> when it counts.</summary>
    public async Task<ApiResult> RecordAsync(string kind, Task<ApiResult> request)
    {
        var result = await request;
        if (window.Counts(result.Started))
        {
            if (!_samples.TryGetValue(kind, out var samples))
            {
                _samples[kind] = samples = new KindSamples(kind);
            }

            samples.Add(result);
        }

        return result;
    }
}
