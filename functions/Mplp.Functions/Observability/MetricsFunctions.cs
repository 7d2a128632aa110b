using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Mplp.Core.Errors;
using Mplp.Core.Observability;
using Mplp.Functions.Http;
using Mplp.Functions.OpenApi;

namespace Mplp.Functions.Observability;

/// <summary>
/// <c>GET /metrics</c>: the platform's metrics for Prometheus to scrape. Anonymous like a
/// ServiceMonitor expects, so it answers 404 unless <c>Mplp:Observability:Metrics:Enabled</c>.
/// </summary>
public sealed class MetricsFunctions(HttpEndpoint endpoint, PlatformGauges gauges, IServiceProvider services)
{
    [Function("Metrics")]
    [ApiOperation(ApiOperation.Metrics)]
    public Task<IActionResult> Scrape([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request, CancellationToken cancellationToken)
        => endpoint.RunAsync(request, async () =>
        {
            var scrape = services.GetService<PrometheusScrape>()
                ?? throw Problems.RouteNotFound("The metrics endpoint is off; set Mplp:Observability:Metrics:Enabled to true.");
            // Counted in PostgreSQL: one query per scrape at most (the counts are cached a few seconds).
            await gauges.RefreshIfStaleAsync(cancellationToken);
            return new StaticContent(Encoding.UTF8.GetBytes(scrape.Collect()), PrometheusText.ContentType);
        });
}
