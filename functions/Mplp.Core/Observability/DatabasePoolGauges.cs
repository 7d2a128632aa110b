using System.Diagnostics.Metrics;
using Npgsql;

namespace Mplp.Core.Observability;

/// <summary>
/// This instance's PostgreSQL connection pool: connections in use and the pool's Maximum Pool Size,
/// so an alert can fire before requests queue for a connection. In use is read from Npgsql's own
/// metric (<c>db.client.connection.count</c>, state <c>used</c>) when the gauge is observed.
/// </summary>
public sealed class DatabasePoolGauges : IDisposable
{
    public const string ConnectionsActive = "mplp_database_connections_active";
    public const string ConnectionsMax = "mplp_database_connections_max";

    private const string NpgsqlMeter = "Npgsql";
    private const string ConnectionCount = "db.client.connection.count";
    private const string StateTag = "db.client.connection.state";

    private readonly MeterListener _npgsql = new();
    private readonly Lock _gate = new();
    private long _used;

    public DatabasePoolGauges(IMeterFactory meters, NpgsqlDataSource dataSource)
    {
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

    /// <summary>Asks Npgsql for its pools' counts now; the app has one data source, so one pool.</summary>
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
        foreach (var tag in tags)
        {
            if (tag.Key == StateTag && tag.Value as string == "used")
            {
                _used += value;
            }
        }
    }
}
