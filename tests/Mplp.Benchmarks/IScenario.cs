namespace Mplp.Benchmarks;

/// <summary>A workload: what it needs before the clock starts, then one iteration of a virtual user.</summary>
public interface IScenario
{
    /// <summary>A line for the report, including any fallback the preparation chose.</summary>
    string Description { get; }

    /// <summary>The request kinds, in the order the report lists them.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <exception cref="BenchSetupException">The API cannot serve this scenario; the message says why.</exception>
    Task PrepareAsync(ApiClient client, int connections, CancellationToken cancellationToken);

    Task RunOnceAsync(VirtualUser user, CancellationToken cancellationToken);
}

/// <summary>The benchmark could not start measuring: the only failure that gives a non-zero exit code.</summary>
public sealed class BenchSetupException(string message) : Exception(message);
