using System.Net;

namespace Mplp.Functions.Tests.Observability;

/// <summary>
/// No exporter configured means nothing leaves the process: a dev host with traced requests and
/// metrics on, its batch and export intervals made short, must not connect to stand-ins for the
/// OTLP exporter's default endpoint (localhost:4317 gRPC, :4318 HTTP). The control shows the same
/// stand-in does see an exporter once one is configured, so the first test could fail.
/// Both bind the same ports, so they run one after the other in this class.
/// </summary>
public sealed class ExporterTests
{
    private const int OtlpGrpcPort = 4317;
    private const int OtlpHttpPort = 4318;

    /// <summary>Export within a fraction of a second, if anything exports at all.</summary>
    private static readonly KeyValuePair<string, string>[] QuickExport =
    [
        new("OTEL_BSP_SCHEDULE_DELAY", "100"),
        new("OTEL_BLRP_SCHEDULE_DELAY", "100"),
        new("OTEL_METRIC_EXPORT_INTERVAL", "200"),
        new("Mplp__Observability__Metrics__Enabled", "true"),
    ];

    [Fact(Timeout = 120_000)]
    public async Task NoExporterConfigured_NothingConnectsToTheOtlpDefaults()
    {
        using var grpc = new ConnectionRecorder(OtlpGrpcPort);
        using var http = new ConnectionRecorder(OtlpHttpPort);
        var host = new HostWith([.. QuickExport, .. ObservabilityFixture.NoExporters]);
        await host.InitializeAsync();
        try
        {
            await TracedWorkAsync(host);
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.Equal(0, grpc.Accepted + http.Accepted);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task OtlpEndpointConfigured_ItsCollectorIsCalled()
    {
        using var grpc = new ConnectionRecorder(OtlpGrpcPort);
        var host = new HostWith([.. QuickExport, new("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://localhost:{OtlpGrpcPort}"), new("APPLICATIONINSIGHTS_CONNECTION_STRING", "")]);
        await host.InitializeAsync();
        try
        {
            await TracedWorkAsync(host);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (grpc.Accepted == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(grpc.Accepted > 0, "the configured exporter never connected to the stand-in collector");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task TracedWorkAsync(ApiFixture host)
    {
        await host.NewContextAsync();
        using var response = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed class HostWith(IEnumerable<KeyValuePair<string, string>> settings) : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => settings;
    }
}
