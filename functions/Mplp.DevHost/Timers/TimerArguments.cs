using System.Text.Json;
using Mplp.DevHost.Invocation;

namespace Mplp.DevHost.Timers;

/// <summary>How a timer trigger parameter binds: like the worker, from the JSON the host sends, so
/// <c>TimerInfo</c>, a look-alike POCO or the JSON text itself all work.</summary>
internal static class TimerArguments
{
    public static ArgumentSource CreateTrigger(Type type)
        => context => ValueTask.FromResult(Convert((TimerTick)context.TriggerValue!, type));

    public static object? Convert(TimerTick tick, Type type)
    {
        var json = tick.ToJson();
        return type == typeof(string) ? json : JsonSerializer.Deserialize(json, type, DevHostJson.WorkerOptions);
    }
}
