using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;

namespace Mplp.Benchmarks;

/// <summary>
/// Evidence pack export: a context whose log holds 10,000 events (its creation, then dialogs
/// created in it by 16 writers: one event each, and dialogs are not artifacts, so the pack stays
/// within the file limit), exported three times: seconds to the last byte, and the pack's size.
/// </summary>
public static class EvidencePackBench
{
    public const string Name = "evidence";
    private const int Events = 10_000;
    private const int Writers = 16;
    private const int Exports = 3;

    public static async Task RunAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var context = ContextPlanScenario.IdOf(await client.PostJsonAsync(ContextPlanScenario.ContextsPath, ContextPlanScenario.ContextBody, cancellationToken))
            ?? throw new BenchSetupException("could not create a context");
        var dialog = ApiClient.Utf8($$"""{"context_id":"{{context}}"}""");
        var written = 1;
        var filling = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            while (Interlocked.Increment(ref written) <= Events)
            {
                var created = await client.PostJsonAsync("/api/v1/dialogs", dialog, cancellationToken);
                if (!created.IsSuccess)
                {
                    throw new BenchSetupException($"POST /api/v1/dialogs failed: {ContextPlanScenario.Describe(created)}");
                }
            }
        }));
        Console.WriteLine($"evidence: a context with {Events:N0} events (written in {filling.Elapsed.TotalSeconds:F1} s), exported {Exports} times");

        var path = $"/api/v1/contexts/{context}/evidence-pack";
        var seconds = new List<double>();
        for (var i = 0; i < Exports; i++)
        {
            var export = await client.GetAsync(path, cancellationToken);
            if (!export.IsSuccess)
            {
                throw new BenchSetupException($"GET {path} failed: {ContextPlanScenario.Describe(export)}");
            }

            seconds.Add(export.Elapsed.TotalSeconds);
        }

        var (zipBytes, packBytes, files) = await SizeAsync(client.BaseAddress, path, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  export to the last byte: {string.Join(" / ", seconds.Select(s => $"{s:F2} s"))} (median {seconds.Order().ElementAt(Exports / 2):F2} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  pack: {files} files, {packBytes / 1048576.0:F1} MiB of files (the limit is 50 MiB), a {zipBytes / 1048576.0:F1} MiB zip"));
    }

    /// <summary>The zip's size, and its files' total size and count (the pack limits count files, not the zip).</summary>
    private static async Task<(long Zip, long Pack, int Files)> SizeAsync(Uri baseAddress, string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable(Bench.TokenVariable));
        var zip = await http.GetByteArrayAsync(new Uri(path, UriKind.Relative), cancellationToken);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return (zip.Length, archive.Entries.Sum(e => e.Length), archive.Entries.Count);
    }
}
