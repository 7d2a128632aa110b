using Microsoft.Azure.Functions.Worker;
using Mplp.DevHost.Functions;

namespace Mplp.DevHost.Tests.Timers;

/// <summary>Timer functions for unit tests; each reports its runs to the <see cref="TimerProbe"/> from DI.</summary>
public sealed class SampleTimerFunctions(TimerProbe probe)
{
    public const string Namespace = "Mplp.DevHost.Tests.Timers.SampleTimerFunctions";

    [Function("Slow")]
    public async Task Slow(TimerInfo timer, FunctionContext context, CancellationToken cancellationToken)
    {
        probe.Enter(timer, context.FunctionDefinition.Name);
        try
        {
            await Task.Delay(TimerProbe.SlowRun, cancellationToken);
        }
        finally
        {
            probe.Exit();
        }
    }

    [Function("Throwing")]
    public void Throwing(TimerInfo timer)
    {
        probe.Enter(timer, "Throwing");
        probe.Exit();
        throw new InvalidOperationException("The sample fails on purpose.");
    }

    /// <summary>The metadata the Worker SDK writes for <c>[TimerTrigger(schedule)] TimerInfo timer</c>.</summary>
    public static FunctionMetadata Metadata(string name, string schedule, bool? runOnStartup = null)
        => FunctionMetadata.Parse($$"""
            [{
              "name": "{{name}}",
              "scriptFile": "Mplp.DevHost.Tests.dll",
              "entryPoint": "{{Namespace}}.{{name}}",
              "language": "dotnet-isolated",
              "bindings": [
                { "name": "timer", "direction": "In", "type": "timerTrigger", "schedule": "{{schedule}}"
                  {{(runOnStartup is { } value ? $", \"runOnStartup\": {(value ? "true" : "false")}, \"useMonitor\": false" : string.Empty)}}, "properties": {} }
              ]
            }]
            """).Single();
}

/// <summary>Counts runs, and how many ran at once.</summary>
public sealed class TimerProbe
{
    public static readonly TimeSpan SlowRun = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly List<(DateTime Started, DateTime Ended)> _runs = [];
    private readonly List<TimerInfo> _timers = [];
    private int _running;
    private DateTime _started;

    public int MaxConcurrent { get; private set; }

    public string? FunctionName { get; private set; }

    public IReadOnlyList<(DateTime Started, DateTime Ended)> Runs
    {
        get
        {
            lock (_lock)
            {
                return [.. _runs];
            }
        }
    }

    public IReadOnlyList<TimerInfo> Timers
    {
        get
        {
            lock (_lock)
            {
                return [.. _timers];
            }
        }
    }

    public void Enter(TimerInfo timer, string function)
    {
        lock (_lock)
        {
            _running++;
            MaxConcurrent = Math.Max(MaxConcurrent, _running);
            _started = DateTime.UtcNow;
            _timers.Add(timer);
            FunctionName = function;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _running--;
            _runs.Add((_started, DateTime.UtcNow));
        }
    }

    public async Task WaitForRunsAsync(int count, CancellationToken cancellationToken)
    {
        while (Runs.Count < count)
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
