using System.Text.Json;
using Mplp.DevHost.Tests.Hosting;

namespace Mplp.DevHost.Tests.Timers;

/// <summary>Reads the runs the fixture's timer functions recorded on the fixture's timer queue.</summary>
public static class TimerRuns
{
    /// <summary>A peek sees the oldest 32 messages: enough, since the fixture host runs for a minute or so.</summary>
    public static async Task<IReadOnlyList<TimerRun>> WaitForAsync(
        FixtureHostFixture fixture, string function, int runs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var queue = Azurite.Queue(fixture.TimerQueue);
        return await Eventually.WaitAsync(
            async () =>
            {
                if (!await queue.ExistsAsync(cancellationToken))
                {
                    return null;
                }

                var found = (await queue.PeekMessagesAsync(32, cancellationToken)).Value
                    .Select(m => JsonSerializer.Deserialize<TimerRun>(m.Body.ToString())!)
                    .Where(r => r.Function == function)
                    .ToList();
                return found.Count >= runs ? found : null;
            },
            timeout,
            $"{runs} run(s) of {function}",
            cancellationToken);
    }
}

/// <summary>What the fixture's timer functions record (Mplp.DevHost.FixtureApp.Timers.TimerRun).</summary>
public sealed record TimerRun(string Function, DateTime Started, DateTime Ended, bool IsPastDue, DateTime? Last, DateTime? Next);
