using System.Diagnostics.Metrics;
using Npgsql;

namespace Mplp.Core.Observability;

/// <summary>
/// This instance's PostgreSQL connection pool: connections in use and the pool's Maximum Pool Size,
/// so an alert can fire before requests queue for a connection. In use is read from Npgsql's own
/// metric (<c>db.client.connection.count</c>, state <c>used</c>, of the pool named
/// <see cref="PoolName"/>) when the gauge is observed.
/// </summary>
public sealed class DatabasePoolGauges : IDisposable
{
    public const string ConnectionsActive = "mplp_database_connections_active";
    public const string ConnectionsMax = "mplp_database_connections_max";

    /// <summary>The diagnostics name of the app's data source: its pool in Npgsql's metrics.</summary>
    public const string PoolName = "mplp";

    private const string NpgsqlMeter = "Npgsql";
    private const string ConnectionCount = "db.client.connection.count";
    private const string StateTag = "db.client.connection.state";
    private const string PoolTag = "db.client.connection.pool.name";

    private readonly MeterListener _npgsql = new();
    private readonly Lock _gate = new();
    private readonly string _poolName;
    private long _used;

    public DatabasePoolGauges(IMeterFactory meters, NpgsqlDataSource dataSource)
        : this(meters, dataSource, PoolName)
    {
    }

    /// <param name="poolName">The <see cref="NpgsqlDataSourceBuilder.Name"/> <paramref name="dataSource"/> was built with.</param>
    public DatabasePoolGauges(IMeterFactory meters, NpgsqlDataSource dataSource, string poolName)
    {
        _poolName = poolName;
        long max = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;
        _npgsql.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == NpgsqlMeter && instrument.Name == ConnectionCount)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _npgsql.SetMeasurementEventCallback<int>((_, value, tags, _) => AddIfUsed(value, tags));
        _npgsql.SetMeasurementEventCallback<long>((_, value, tags, _) => AddIfUsed(value, tags));
        _npgsql.Start();

        var meter = meters.Create(MplpTelemetry.Name);
        meter.CreateObservableGauge(ConnectionsActive, ObserveUsed, null, "PostgreSQL connections this instance has in use (taken from its pool).");
        meter.CreateObservableGauge(ConnectionsMax, () => max, null, "The Maximum Pool Size of this instance's PostgreSQL pool.");
    }

    public void Dispose() => _npgsql.Dispose();

    /// <summary>Asks Npgsql for its pools' counts now; only our pool's are added up.</summary>
    private long ObserveUsed()
    {
        lock (_gate)
        {
            _used = 0;
            _npgsql.RecordObservableInstruments();
            return _used;
        }
    }

    private void AddIfUsed(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        bool used = false, ours = false;
        foreach (var tag in tags)
        {
            used |= tag.Key == StateTag && tag.Value as string == "used";
            ours |= tag.Key == PoolTag && tag.Value as string == _poolName;
        }

        if (used && ours)
        {
            _used += value;
        }
    }
}
