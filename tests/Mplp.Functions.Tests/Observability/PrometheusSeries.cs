using System.Globalization;
using System.Text.RegularExpressions;

namespace Mplp.Functions.Tests.Observability;

/// <summary>A scrape of <c>/metrics</c> read back: the declared types and every sample, by its series.</summary>
internal sealed partial class PrometheusSeries
{
    private PrometheusSeries(Dictionary<string, string> types, Dictionary<string, double> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Metric name to its <c># TYPE</c>.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Series (<c>name{label="value",...}</c>, as written) to its value.</summary>
    public IReadOnlyDictionary<string, double> Samples { get; }

    public static PrometheusSeries Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
            else if (!line.StartsWith('#'))
            {
                var match = Sample().Match(line);
                Assert.True(match.Success, $"not a Prometheus sample: {line}");
                var value = match.Groups["value"].Value;
                samples[match.Groups["series"].Value] = value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return new PrometheusSeries(types, samples);
    }

    /// <summary>The value of one series, labels in name order; fails naming what is there when it is absent.</summary>
    public double Value(string series)
        => Samples.TryGetValue(series, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"no series {series}; there are:\n{string.Join('\n', Samples.Keys.Order(StringComparer.Ordinal))}");

    [GeneratedRegex("""^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})?) (?<value>\S+)$""")]
    private static partial Regex Sample();
}
