namespace Mplp.Benchmarks;

/// <summary>
/// One virtual user's measured requests of one kind. Each user owns its own, so recording takes
/// no lock; <see cref="Merge"/> joins them after the run.
/// </summary>
public sealed class KindSamples(string kind)
{
    /// <summary>Enough to tell distinct failures apart without flooding the report.</summary>
    public const int MaxErrorSamples = 5;

    private readonly List<long> _latencyTicks = [];
    private readonly List<string> _errorSamples = [];

    public string Kind => kind;

    public long Errors { get; private set; }

    public void Add(ApiResult result)
    {
        _latencyTicks.Add(result.Elapsed.Ticks);
        if (!result.IsSuccess)
        {
            Errors++;
            AddErrorSample(result.Status == 0 ? result.ErrorBody ?? "no response" : $"HTTP {result.Status}: {result.ErrorBody}");
        }
    }

    public static KindResult Merge(string kind, IEnumerable<KindSamples> samples, TimeSpan measured)
    {
        var merged = new KindSamples(kind);
        foreach (var part in samples)
        {
            merged._latencyTicks.AddRange(part._latencyTicks);
            merged.Errors += part.Errors;
            foreach (var error in part._errorSamples)
            {
                merged.AddErrorSample(error);
            }
        }

        var requests = merged._latencyTicks.Count;
        return new KindResult(kind, requests, merged.Errors, requests / measured.TotalSeconds,
            LatencySummary.Of(merged._latencyTicks), merged._errorSamples);
    }

    private void AddErrorSample(string error)
    {
        if (_errorSamples.Count < MaxErrorSamples && !_errorSamples.Contains(error))
        {
            _errorSamples.Add(error);
        }
    }
}
