using Mplp.Core.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Mplp.Functions.Observability;

/// <summary>
/// The metrics endpoint's reader: a pull-only OpenTelemetry reader that collects on each scrape
/// (cumulative, as Prometheus expects) and writes the platform's meter as Prometheus text.
/// Registered only when the endpoint is enabled; the meter provider owns (and disposes) the reader.
/// </summary>
public sealed class PrometheusScrape
{
    private static readonly TimeSpan CollectTimeout = TimeSpan.FromSeconds(10);

    private readonly TextExporter _exporter = new();
    private readonly Lock _gate = new();

    public PrometheusScrape()
    {
        Reader = new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
    }

    public MetricReader Reader { get; }

    /// <summary>Collects now; the platform's metrics as Prometheus text.</summary>
    public string Collect()
    {
        lock (_gate)
        {
            _exporter.Text = "";
            _exporter.Failure = null;
            // Through the exporter's pull hook: a pull-only reader refuses a plain Reader.Collect().
            if (_exporter.Collect?.Invoke((int)CollectTimeout.TotalMilliseconds) == true)
            {
                return _exporter.Text;
            }

            // OpenTelemetry swallows what an exporter throws; say it here.
            throw _exporter.Failure is { } failure
                ? new InvalidOperationException("Writing the metrics failed.", failure)
                : new InvalidOperationException($"Collecting the metrics failed or took longer than {CollectTimeout}.");
        }
    }

    /// <summary>Only the platform's meter: other meters' names (http.server.*, process.*) are not the seed's and go to OTLP.</summary>
    [ExportModes(ExportModes.Pull)]
    private sealed class TextExporter : BaseExporter<Metric>, IPullMetricExporter
    {
        /// <summary>Set by the reader: collects now and calls <see cref="Export"/>.</summary>
        public Func<int, bool>? Collect { get; set; }

        public string Text { get; set; } = "";

        public Exception? Failure { get; set; }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            try
            {
                var text = new PrometheusText();
                foreach (var metric in batch)
                {
                    if (metric.MeterName == MplpTelemetry.Name)
                    {
                        text.Write(metric);
                    }
                }

                Text = text.ToString();
                return ExportResult.Success;
            }
            catch (Exception e)
            {
                Failure = e;
                return ExportResult.Failure;
            }
        }
    }
}
