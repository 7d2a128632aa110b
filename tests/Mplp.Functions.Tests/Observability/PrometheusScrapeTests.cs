using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Mplp.Core.Observability;
using Mplp.Functions.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Mplp.Functions.Tests.Observability;

/// <summary>The metrics endpoint's text: the seed's names as they are, Prometheus syntax, only the platform's meter.</summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PrometheusScrape _scrape = new();
    private readonly MeterProvider _provider;
    private readonly MplpMetrics _metrics;

    public PrometheusScrapeTests()
    {
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(MplpTelemetry.Name, "Other").AddReader(_scrape.Reader).Build();
        _metrics = new MplpMetrics(_services.GetRequiredService<IMeterFactory>());
    }

    public void Dispose()
    {
        _provider.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Collect_AfterARequest_WritesTheSeedNamesWithTheirLabels()
    {
        _metrics.RequestAnswered("Contexts_Create", "POST", 201, TimeSpan.FromMilliseconds(30), "context");

        var text = _scrape.Collect();

        Assert.Contains("# TYPE mplp_http_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("mplp_http_requests_total{handler=\"Contexts_Create\",method=\"POST\",status=\"201\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE mplp_http_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("mplp_http_request_duration_seconds_bucket{handler=\"Contexts_Create\",method=\"POST\",le=\"0.025\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("mplp_http_request_duration_seconds_bucket{handler=\"Contexts_Create\",method=\"POST\",le=\"0.05\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("mplp_http_request_duration_seconds_bucket{handler=\"Contexts_Create\",method=\"POST\",le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("mplp_http_request_duration_seconds_count{handler=\"Contexts_Create\",method=\"POST\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("mplp_context_operations_total{handler=\"Contexts_Create\",status=\"201\"} 1\n", text, StringComparison.Ordinal);
    }
}
