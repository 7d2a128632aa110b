using Microsoft.Extensions.Configuration;

namespace Mplp.Functions.Observability;

/// <summary>Configuration section <c>Mplp:Observability</c>.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Mplp:Observability";

    /// <summary>The scrape endpoint <c>/metrics</c>; off by default (it is anonymous).</summary>
    public MetricsEndpointOptions Metrics { get; set; } = new();

    /// <summary>Spans, metrics and logs also to the console, through OpenTelemetry's console exporter (local debugging).</summary>
    public bool ConsoleExporter { get; set; }

    /// <summary><c>json</c> (one JSON object a line, with trace, span, context and plan ids) or <c>text</c>; null: JSON in a container.</summary>
    public string? LogFormat { get; set; }

    public sealed class MetricsEndpointOptions
    {
        public bool Enabled { get; set; }
    }
}

/// <summary>
/// Where telemetry goes, each chosen by the setting its ecosystem already uses. None of them set
/// means no exporter is registered, so nothing leaves the process.
/// </summary>
/// <param name="Otlp">OTEL_EXPORTER_OTLP_ENDPOINT is set: traces, metrics and logs to that collector (Kubernetes).</param>
/// <param name="AzureMonitor">APPLICATIONINSIGHTS_CONNECTION_STRING, the Functions setting: to Application Insights (Azure).</param>
/// <param name="Console">Mplp:Observability:ConsoleExporter: to the console (local).</param>
public sealed record TelemetryExporters(bool Otlp, string? AzureMonitor, bool Console)
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public bool Any => Otlp || AzureMonitor is not null || Console;

    public static TelemetryExporters From(IConfiguration configuration)
    {
        var options = configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        return new TelemetryExporters(
            !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]),
            string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]) ? null : configuration[AzureMonitorSetting],
            options.ConsoleExporter);
    }
}
