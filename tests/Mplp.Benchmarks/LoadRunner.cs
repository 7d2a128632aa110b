namespace Mplp.Benchmarks;

/// <summary>Runs a scenario's virtual users through warm-up and the measured window, then merges their samples.</summary>
public static class LoadRunner
{
    public static async Task<ScenarioResult> RunAsync(string name, IScenario scenario, ApiClient client, BenchOptions options, CancellationToken cancellationToken)
    {
        var window = MeasurementWindow.StartNow(options.Warmup, options.Duration);
        var users = Enumerable.Range(0, options.Connections).Select(i => new VirtualUser(client, window, seed: i)).ToArray();
        await Task.WhenAll(users.Select(user => Task.Run(() => LoopAsync(scenario, user, window, cancellationToken), cancellationToken)));
        var measured = window.MeasuredSoFar();

        var samples = users.SelectMany(u => u.Samples).ToList();
        var kinds = scenario.Kinds
            .Select(kind => KindSamples.Merge(kind, samples.Where(s => s.Kind == kind), measured))
            .Where(result => result.Requests > 0)
            .ToList();
        return new ScenarioResult(name, scenario.Description, options.Connections, measured, kinds, KindSamples.Merge("all", samples, measured));
    }

    private static async Task LoopAsync(IScenario scenario, VirtualUser user, MeasurementWindow window, CancellationToken cancellationToken)
    {
        while (!window.IsOver && !cancellationToken.IsCancellationRequested)
        {
            await scenario.RunOnceAsync(user, cancellationToken);
        }
    }
}
