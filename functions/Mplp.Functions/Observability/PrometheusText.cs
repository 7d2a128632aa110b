using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Mplp.Functions.Observability;

/// <summary>
/// Writes OpenTelemetry metrics in the Prometheus text exposition format (0.0.4) under their own
/// names. The OpenTelemetry Prometheus exporter would add unit and <c>_total</c> suffixes and
/// scope labels; the seed's names, which alert rules and dashboards use, are kept exactly.
/// </summary>
internal sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    public override string ToString() => _text.ToString();

    public void Write(Metric metric)
    {
        var type = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => "counter",
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
            MetricType.Histogram => "histogram",
            _ => null,  // exponential histograms have no text form here; none of ours is one
        };
        if (type is null)
        {
            return;
        }

        var name = Sanitize(metric.Name);
        if (!string.IsNullOrEmpty(metric.Description))
        {
            _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
        }

        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(name, labels, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(name, labels, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(name, labels, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(name, labels, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    WriteHistogram(name, labels, point);
                    break;
            }
        }
    }

    private void WriteHistogram(string name, List<(string Name, string Value)> labels, MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var bound = double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Number(bucket.ExplicitBound);
            Sample(name + "_bucket", [.. labels, ("le", bound)], cumulative);
        }

        Sample(name + "_sum", labels, point.GetHistogramSum());
        Sample(name + "_count", labels, point.GetHistogramCount());
    }

    private void Sample(string name, List<(string Name, string Value)> labels, double value) => Sample(name, labels, Number(value));

    private void Sample(string name, List<(string Name, string Value)> labels, long value) => Sample(name, labels, value.ToString(CultureInfo.InvariantCulture));

    private void Sample(string name, List<(string Name, string Value)> labels, string value)
    {
        _text.Append(name);
        if (labels.Count > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Count; i++)
            {
                _text.Append(i == 0 ? "" : ",").Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(value).Append('\n');
    }

    private static List<(string Name, string Value)> Labels(ReadOnlyTagCollection tags)
    {
        var labels = new List<(string, string)>(tags.Count + 1);
        foreach (var tag in tags)
        {
            labels.Add((Sanitize(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
        }

        // In name order, so a series always reads the same (Prometheus itself ignores the order).
        labels.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return labels;
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Prometheus names are <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; anything else becomes <c>_</c>.</summary>
    internal static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            chars[i] = valid ? c : '_';
        }

        return new string(chars);
    }

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
