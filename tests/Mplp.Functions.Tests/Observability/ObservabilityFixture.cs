namespace Mplp.Functions.Tests.Observability;

/// <summary>
/// The API with its metrics endpoint on and, whatever the environment says, no exporter: what
/// these tests see comes from the endpoint and the platform's own records.
/// </summary>
public sealed class ObservabilityFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Mplp__Observability__Metrics__Enabled", "true"),
        .. NoExporters,
    ];

    /// <summary>Exporter settings cleared, so a developer's or CI's environment cannot turn one on.</summary>
    public static IEnumerable<KeyValuePair<string, string>> NoExporters =>
    [
        new("OTEL_EXPORTER_OTLP_ENDPOINT", ""),
        new("APPLICATIONINSIGHTS_CONNECTION_STRING", ""),
        new("Mplp__Observability__ConsoleExporter", "false"),
    ];
}
