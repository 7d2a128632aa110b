using Mplp.DevHost.Functions;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Timers;

/// <summary>Registers a <see cref="TimerTriggerListener"/> per timer-triggered function.</summary>
internal static class TimerTriggerRegistration
{
    /// <returns>Each function's trigger, for the start-up listing.</returns>
    /// <exception cref="DevHostConfigurationException">A schedule or the time zone cannot be read; every problem is listed.</exception>
    public static IReadOnlyDictionary<string, TimerTrigger> Add(IServiceCollection services, IReadOnlyList<FunctionInvoker> invokers, IConfiguration configuration)
    {
        var triggers = new Dictionary<string, TimerTrigger>(StringComparer.Ordinal);
        if (invokers.Count == 0)
        {
            // An unknown TZ on the machine only matters to an app with timers.
            return triggers;
        }

        var errors = new List<string>();
        TimeZoneInfo timeZone;
        try
        {
            timeZone = TimerTimeZone.Resolve(configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new DevHostConfigurationException([e.Message]);
        }

        foreach (var invoker in invokers)
        {
            try
            {
                var trigger = TimerTrigger.From(invoker.Function, configuration, timeZone);
                triggers[invoker.Function.Name] = trigger;
                services.AddSingleton<IHostedService>(provider => new TimerTriggerListener(
                    invoker,
                    trigger,
                    provider.GetRequiredService<IServiceScopeFactory>(),
                    TimeProvider.System,
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + invoker.Function.Name)));
            }
            catch (InvalidOperationException e)
            {
                errors.Add(e.Message);
            }
        }

        return errors.Count == 0 ? triggers : throw new DevHostConfigurationException(errors);
    }
}
