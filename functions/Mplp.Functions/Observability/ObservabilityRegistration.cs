using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mplp.Core.Observability;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mplp.Functions.Observability;

/// <summary>
/// OpenTelemetry for both hosts: spans for every HTTP function (and, with an exporter, PostgreSQL
/// and storage calls), the platform's metrics, logs that carry the trace; exporters as configured
/// (<see cref="TelemetryExporters"/>), none by default. Spans are made even without an exporter:
/// their ids are what responses, agent messages and MPLP events record.
/// </summary>
public static class ObservabilityRegistration
{
    /// <summary>service.name unless OTEL_SERVICE_NAME (or the Functions host's site name) says otherwise.</summary>
    public const string DefaultServiceName = "mplp-functions";

    /// <summary>The dev host's invocation spans (a span per function invocation, as the Functions worker makes).</summary>
    public const string DevHostSource = "Mplp.DevHost";

    /// <summary>The Durable Task worker's and client's spans: orchestrations, activities, starts and events.</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    private const string NpgsqlSource = "Npgsql";

    public static IHostApplicationBuilder AddMplpObservability(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var exporters = TelemetryExporters.From(configuration);
        builder.Services.Configure<ObservabilityOptions>(configuration.GetSection(ObservabilityOptions.Section));
        builder.Services.AddSingleton(_ => HttpFunctionRoutes.OfThisApp());
        builder.Services.AddSingleton<HttpTelemetry>();
        if (options.Metrics.Enabled)
        {
            builder.Services.AddSingleton<PrometheusScrape>();
        }

        ConfigureLogs(builder.Logging, options);
        if (exporters.Any)
        {
            // Azure SDK clients (storage queues, tables) make spans of their own only when asked.
            AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        }

        var telemetry = builder.Services.AddOpenTelemetry();
        telemetry.ConfigureResource(resource =>
        {
            if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]) && string.IsNullOrWhiteSpace(configuration["WEBSITE_SITE_NAME"]))
            {
                resource.AddService(DefaultServiceName);
            }
        });
        telemetry.WithTracing(tracing => ConfigureTracing(tracing, exporters));
        telemetry.WithMetrics(metrics => ConfigureMetrics(metrics, exporters, options));
        if (exporters.Otlp || exporters.Console)
        {
            telemetry.WithLogging(
                logs =>
                {
                    if (exporters.Otlp)
                    {
                        logs.AddOtlpExporter();
                    }

                    if (exporters.Console)
                    {
                        logs.AddConsoleExporter();
                    }
                },
                logOptions =>
                {
                    logOptions.IncludeScopes = true;
                    logOptions.IncludeFormattedMessage = true;
                });
        }

        if (exporters.AzureMonitor is { } connectionString)
        {
            // Traces, metrics and logs to Application Insights.
            telemetry.UseAzureMonitorExporter(azure => azure.ConnectionString = connectionString);
        }

        return builder;
    }

    private static void ConfigureTracing(TracerProviderBuilder tracing, TelemetryExporters exporters)
    {
        tracing.SetSampler(new ParentBasedSampler(new BackgroundCallsSampler()))
            .AddSource(MplpTelemetry.Name, DevHostSource, DurableTaskSource)
            .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsNotGrpc);
        if (!exporters.Any)
        {
            // Nobody would see client spans: the server and invocation spans carry the ids.
            return;
        }

        // The Durable worker's gRPC calls to the dev host's backend: the Durable spans tell what they do.
        tracing.AddSource(NpgsqlSource, "Azure.*").AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request => !IsGrpc(request.Content?.Headers.ContentType?.MediaType));
        if (exporters.Otlp)
        {
            tracing.AddOtlpExporter();
        }

        if (exporters.Console)
        {
            tracing.AddConsoleExporter();
        }
    }

    private static void ConfigureMetrics(MeterProviderBuilder metrics, TelemetryExporters exporters, ObservabilityOptions options)
    {
        // The gauges are observable instruments: they exist once their services do.
        metrics.AddMeter(MplpTelemetry.Name)
            .AddInstrumentation(services => services.GetRequiredService<MplpMetrics>())
            .AddInstrumentation(services => services.GetRequiredService<PlatformGauges>())
            .AddInstrumentation(services => services.GetRequiredService<DatabasePoolGauges>());
        if (options.Metrics.Enabled)
        {
            metrics.AddReader(services => services.GetRequiredService<PrometheusScrape>().Reader);
        }

        if (!exporters.Any)
        {
            return;
        }

        metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter(NpgsqlSource);
        if (exporters.Otlp)
        {
            metrics.AddOtlpExporter();
        }

        if (exporters.Console)
        {
            metrics.AddConsoleExporter();
        }
    }

    /// <summary>
    /// Every log line names the span it was written in (trace and span ids) and the span's tags, among
    /// them the MPLP context and plan (<see cref="MplpTelemetry.Annotate"/>); JSON in a container.
    /// </summary>
    private static void ConfigureLogs(ILoggingBuilder logging, ObservabilityOptions options)
    {
        logging.Configure(factory => factory.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId | ActivityTrackingOptions.Tags);
        var json = options.LogFormat?.ToLowerInvariant() switch
        {
            "json" => true,
            "text" => false,
            _ => Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER") == "true",
        };
        if (json)
        {
            logging.AddJsonConsole(console =>
            {
                console.IncludeScopes = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary>The dev host's Durable backend speaks gRPC on Kestrel in the same process: its long polls are no requests of ours.</summary>
    private static bool IsNotGrpc(HttpContext context) => !IsGrpc(context.Request.ContentType);

    private static bool IsGrpc(string? contentType) => contentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
}
