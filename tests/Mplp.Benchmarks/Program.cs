using Mplp.Benchmarks;

// Exit codes: 0 measured (targets met or not: this is a measurement), 1 setup failed, 2 bad usage.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}\n{BenchOptions.Usage}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    if (options.Propagation)
    {
        await PropagationBench.RunAsync(options, Environment.GetEnvironmentVariable(Bench.TokenVariable), stop.Token);
        return 0;
    }

    var results = await Bench.RunAsync(options, stop.Token);
    Report.Targets(Targets.Check(results));
    return 0;
}
catch (BenchSetupException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("interrupted");
    return 130;
}
