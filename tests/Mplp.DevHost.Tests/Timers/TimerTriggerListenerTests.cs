using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mplp.DevHost.Functions;
using Mplp.DevHost.Invocation;
using Mplp.DevHost.Timers;

namespace Mplp.DevHost.Tests.Timers;

/// <summary>The listener on real time with 100 ms intervals, so each test takes about a second.</summary>
public sealed class TimerTriggerListenerTests
{
    private const string EveryTenthOfASecond = "00:00:00.100";

    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    private readonly TimerProbe _probe = new();
    private readonly CollectingLogger _logger = new();

    [Fact(Timeout = 10_000)]
    public async Task Listener_RunLongerThanInterval_RunsRepeatedlyOneAtATime()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        await RunUntilAsync(SampleTimerFunctions.Metadata("Slow", EveryTenthOfASecond), runs: 3, TimeProvider.System, cancellation.Token);

        Assert.Equal(1, _probe.MaxConcurrent);
        var runs = _probe.Runs;
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].Started >= runs[i - 1].Ended, $"run {i} started before run {i - 1} ended");
        }

        Assert.Equal("Slow", _probe.FunctionName);
        Assert.Empty(_logger.Errors);
    }

    [Fact(Timeout = 10_000)]
    public async Task Listener_Runs_SeeTheirScheduleStatus()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        await RunUntilAsync(SampleTimerFunctions.Metadata("Slow", EveryTenthOfASecond), runs: 2, TimeProvider.System, cancellation.Token);

        var timers = _probe.Timers;
        Assert.All(timers, t => Assert.False(t.IsPastDue));
        Assert.Equal(default, timers[0].ScheduleStatus!.Last);
        Assert.Equal(TimeSpan.FromMilliseconds(100), timers[0].ScheduleStatus!.Next - timers[1].ScheduleStatus!.Last);
        Assert.True(timers[1].ScheduleStatus!.Last > DateTime.UtcNow.AddSeconds(-5));
        Assert.True(timers[1].ScheduleStatus!.Next > timers[1].ScheduleStatus!.Last);
    }

    [Fact(Timeout = 10_000)]
    public async Task Listener_ThrowingFunction_IsLoggedAndKeepsItsSchedule()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        await RunUntilAsync(SampleTimerFunctions.Metadata("Throwing", EveryTenthOfASecond), runs: 3, TimeProvider.System, cancellation.Token);

        Assert.True(_logger.Errors.Count >= 3);
        Assert.All(_logger.Errors, e => Assert.IsType<InvalidOperationException>(e));
    }

    [Fact(Timeout = 10_000)]
    public async Task Listener_RunOnStartup_RunsAtOnceThoughTheScheduleIsFarOff()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        await RunUntilAsync(SampleTimerFunctions.Metadata("Slow", "0 0 0 1 1 *", runOnStartup: true), runs: 1, TimeProvider.System, cancellation.Token);

        var timer = Assert.Single(_probe.Timers);
        Assert.False(timer.IsPastDue);
        Assert.Equal(1, timer.ScheduleStatus!.Next.Month);
        Assert.Equal(1, timer.ScheduleStatus!.Next.Day);
    }

    [Fact(Timeout = 10_000)]
    public async Task Listener_WokenLate_RunIsPastDue()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        await RunUntilAsync(SampleTimerFunctions.Metadata("Slow", EveryTenthOfASecond), runs: 1, new OversleepingTimeProvider(), cancellation.Token);

        Assert.True(Assert.Single(_probe.Timers).IsPastDue);
        Assert.Contains(_logger.Messages, m => m.Contains("is past due", StringComparison.Ordinal));
    }

    private async Task RunUntilAsync(FunctionMetadata metadata, int runs, TimeProvider time, CancellationToken cancellationToken)
    {
        var function = Assert.Single(FunctionCatalog.Load([metadata], NoSettings));
        var invoker = FunctionInvoker.Create(function);
        await using var services = new ServiceCollection().AddSingleton(_probe).BuildServiceProvider();
        using var listener = new TimerTriggerListener(
            invoker,
            TimerTrigger.From(function, NoSettings, TimeZoneInfo.Utc),
            services.GetRequiredService<IServiceScopeFactory>(),
            time,
            _logger);

        await listener.StartAsync(cancellationToken);
        try
        {
            await _probe.WaitForRunsAsync(runs, cancellationToken);
        }
        finally
        {
            await listener.StopAsync(cancellationToken);
        }
    }

    /// <summary>Timers fire 1.5 s after they should, as on a machine that was suspended.</summary>
    private sealed class OversleepingTimeProvider : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => System.CreateTimer(callback, state, dueTime + TimeSpan.FromSeconds(1.5), period);
    }

    private sealed class CollectingLogger : ILogger
    {
        private readonly List<Exception> _errors = [];
        private readonly List<string> _messages = [];

        public IReadOnlyList<Exception> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_errors)
                {
                    return [.. _messages];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_errors)
            {
                _messages.Add(formatter(state, exception));
                if (exception is not null)
                {
                    _errors.Add(exception);
                }
            }
        }
    }
}
