using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Timers;

/// <summary>
/// Runs one timer function on its schedule. Runs never overlap, as on one Functions host instance:
/// the next occurrence is chosen after a run ends, so occurrences a long run spans are skipped,
/// not queued. A failed run is logged and the schedule goes on.
/// </summary>
internal sealed class TimerTriggerListener(
    FunctionInvoker invoker,
    TimerTrigger trigger,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    /// <summary>A run that starts later than this after its occurrence (a suspended laptop, a stalled
    /// machine) is past due: the function sees <c>IsPastDue</c>, as after a missed occurrence in Azure.</summary>
    internal static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);

    private DateTime? _lastRun;

    private string Function => invoker.Function.Name;

    private DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Out of the host's start-up path, so a run on start-up does not hold the other listeners back.
        await Task.Yield();
        try
        {
            if (trigger.RunOnStartup)
            {
                await RunAsync(UtcNow, stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var due = trigger.Schedule.GetNextOccurrence(Max(UtcNow, _lastRun));
                await WaitUntilAsync(due, stoppingToken);
                await RunAsync(due, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a running function saw the same token.
        }
    }

    private async Task WaitUntilAsync(DateTime dueUtc, CancellationToken stoppingToken)
    {
        // Timers and the wall clock tick apart: wake again rather than run a few milliseconds early.
        for (var left = dueUtc - UtcNow; left > TimeSpan.Zero; left = dueUtc - UtcNow)
        {
            await Task.Delay(left, time, stoppingToken);
        }
    }

    private async Task RunAsync(DateTime scheduledUtc, CancellationToken stoppingToken)
    {
        var startedUtc = UtcNow;
        var pastDue = startedUtc - scheduledUtc > PastDueTolerance;
        if (pastDue)
        {
            Logs.TimerPastDue(logger, Function, startedUtc - scheduledUtc, scheduledUtc);
        }

        var tick = new TimerTick(
            Last: _lastRun is { } last ? trigger.ToZoneTime(last) : default,
            Next: trigger.ToZoneTime(trigger.Schedule.GetNextOccurrence(scheduledUtc)),
            LastUpdated: trigger.ToZoneTime(startedUtc),
            IsPastDue: pastDue);
        _lastRun = scheduledUtc;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await invoker.InvokeAsync(invoker.CreateContext(scope.ServiceProvider, tick, bindingData: null, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Logs.TimerFunctionFailed(logger, e, Function, scheduledUtc);
        }
    }

    private static DateTime Max(DateTime now, DateTime? last) => last is { } value && value > now ? value : now;
}
