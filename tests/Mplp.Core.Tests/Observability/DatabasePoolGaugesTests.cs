using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Mplp.Core.Observability;
using Mplp.Testing;
using Npgsql;

namespace Mplp.Core.Tests.Observability;

/// <summary>The pool gauges against a real PostgreSQL: connections held open are counted, released ones are not.</summary>
public sealed class DatabasePoolGaugesTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly string _poolName = TestEnvironment.UniqueName("pool");
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = new NpgsqlDataSourceBuilder(_database.ConnectionString + ";Maximum Pool Size=7") { Name = _poolName }.Build();
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task ConnectionsActive_WhileConnectionsAreOpen_CountsThemAndMaxIsThePoolSize()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var gauges = new DatabasePoolGauges(meters, _dataSource, _poolName);
        var first = await _dataSource.OpenConnectionAsync();
        var second = await _dataSource.OpenConnectionAsync();

        var (whileOpen, max) = Observe(meters);
        await first.DisposeAsync();
        await second.DisposeAsync();
        var (afterwards, _) = Observe(meters);

        Assert.Equal(2, whileOpen);
        Assert.Equal(7, max);
        Assert.Equal(0, afterwards);
    }

    /// <summary>What a collection would read from the two gauges now.</summary>
    private static (long Active, long Max) Observe(IMeterFactory meters)
    {
        long active = -1, max = -1;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MplpTelemetry.Name && instrument.Meter.Scope == meters
                && instrument.Name is DatabasePoolGauges.ConnectionsActive or DatabasePoolGauges.ConnectionsMax)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == DatabasePoolGauges.ConnectionsActive)
            {
                active = value;
            }
            else
            {
                max = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return (active, max);
    }
}
