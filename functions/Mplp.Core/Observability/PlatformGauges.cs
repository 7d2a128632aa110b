using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Mplp.Core.Storage;
using Npgsql;

namespace Mplp.Core.Observability;

/// <summary>
/// Gauges of the whole platform, counted in PostgreSQL so that every instance reports the same
/// number (a per-instance counter would say how many contexts this pod activated since it
/// started): active contexts and running plans. A count is reused for <see cref="Freshness"/>; an
/// exporter's collection only starts a refresh, the metrics endpoint waits for one.
/// </summary>
public sealed class PlatformGauges
{
    public const string ContextsActive = "mplp_contexts_active_total";
    public const string PlansRunning = "mplp_plans_running_total";

    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    private readonly MplpDatabase _database;
    private readonly TimeProvider _clock;
    private readonly ILogger<PlatformGauges> _logger;
    private readonly Lock _gate = new();
    private Counts? _counts;
    private Task? _refreshing;

    public PlatformGauges(IMeterFactory meters, MplpDatabase database, TimeProvider clock, ILogger<PlatformGauges> logger)
    {
        _database = database;
        _clock = clock;
        _logger = logger;
        var meter = meters.Create(MplpTelemetry.Name);
        meter.CreateObservableGauge(ContextsActive, () => Observe(c => c.ContextsActive), null, "Contexts in status active, on the whole platform.");
        meter.CreateObservableGauge(PlansRunning, () => Observe(c => c.PlansRunning), null, "Plans in status in_progress (executing), on the whole platform.");
    }

    /// <summary>Completes once the counts are at most <see cref="Freshness"/> old (or the database did not answer).</summary>
    public Task RefreshIfStaleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_counts is { } counts && _clock.GetUtcNow() - counts.At < Freshness)
            {
                return Task.CompletedTask;
            }

            if (_refreshing is not { IsCompleted: false })
            {
                _refreshing = RefreshAsync();
            }

            return _refreshing.WaitAsync(cancellationToken);
        }
    }

    private IEnumerable<Measurement<long>> Observe(Func<Counts, long> value)
    {
        _ = RefreshIfStaleAsync(CancellationToken.None);
        return _counts is { } counts ? [new Measurement<long>(value(counts))] : [];
    }

    private async Task RefreshAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(QueryTimeout);
            await using var connection = await _database.OpenConnectionAsync(timeout.Token);
            await using var command = new NpgsqlCommand(
                "SELECT (SELECT count(*) FROM contexts WHERE status = 'active'), (SELECT count(*) FROM plans WHERE status = 'in_progress')", connection);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            _counts = new Counts(reader.GetInt64(0), reader.GetInt64(1), _clock.GetUtcNow());
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            // The gauges keep their last value (or stay absent); readiness reports the database.
            Logs.PlatformGaugesFailed(_logger, e);
        }
    }

    private sealed record Counts(long ContextsActive, long PlansRunning, DateTimeOffset At);
}
