using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Mplp.Benchmarks;

/// <summary>
/// Webhook delivery latency: a receiver in this process (loopback, so the host needs
/// Mplp:Webhooks:AllowPrivateNetworks, which ./mplp bench sets) subscribes to a context's
/// <c>extension.created</c> events; one event at a time, the time runs from the write's acknowledgement
/// (the event is committed with it) to the receiver getting the signed delivery.
/// </summary>
public static class WebhookBench
{
    public const string Name = "webhook";
    private const int Events = 50;
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var port = FreePort();
        using var listener = new HttpListener { Prefixes = { $"http://127.0.0.1:{port}/" } };
        listener.Start();
        var received = new SemaphoreSlim(0);
        var receiving = ReceiveAsync(listener, received, cancellationToken);

        var context = ContextPlanScenario.IdOf(await client.PostJsonAsync(ContextPlanScenario.ContextsPath, ContextPlanScenario.ContextBody, cancellationToken))
            ?? throw new BenchSetupException("could not create a context");
        var subscription = ContextPlanScenario.IdOf(await client.PostJsonAsync("/api/v1/extensions", ApiClient.Utf8(new JsonObject
        {
            ["context_id"] = context,
            ["name"] = "bench-hook",
            ["extension_type"] = "integration",
            ["version"] = "1.0.0",
            ["config"] = new JsonObject { ["webhook"] = new JsonObject { ["url"] = $"http://127.0.0.1:{port}/hook", ["event_types"] = new JsonArray("extension.created") } },
        }.ToJsonString()), cancellationToken)) ?? throw new BenchSetupException("could not create the webhook extension");
        await Require(client.PostJsonAsync($"/api/v1/extensions/{subscription}/activate", [], cancellationToken), "activate the webhook");
        await Require(client.PostJsonAsync($"/api/v1/extensions/{subscription}/webhook/secret", [], cancellationToken), "make its secret");

        var latencies = new List<double>();
        for (var i = 0; i <= Events; i++)
        {
            var created = await client.PostJsonAsync("/api/v1/extensions", ApiClient.Utf8($$"""
                {"context_id":"{{context}}","name":"bench-{{i}}","extension_type":"capability","version":"1.0.0"}
                """), cancellationToken);
            var acknowledged = Stopwatch.GetTimestamp();
            if (!created.IsSuccess)
            {
                throw new BenchSetupException($"could not create an extension: {ContextPlanScenario.Describe(created)}");
            }

            if (!await received.WaitAsync(GiveUp, cancellationToken))
            {
                throw new BenchSetupException($"no webhook delivery within {GiveUp.TotalSeconds} s: does the host allow private networks (Mplp__Webhooks__AllowPrivateNetworks)?");
            }

            // The first delivery waits for the fan-out to find the new subscription: not a latency sample.
            if (i > 0)
            {
                latencies.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
            }
        }

        listener.Stop();
        await receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        latencies.Sort();
        Console.WriteLine();
        Console.WriteLine("webhook: one event at a time, from the write's acknowledgement (event committed) to the receiver getting the delivery");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0} deliveries, p50 {1:F1} ms, p99 {2:F1} ms, max {3:F1} ms",
            latencies.Count, Report.Percentile(latencies, 0.5), Report.Percentile(latencies, 0.99), latencies[^1]));
    }

    private static async Task ReceiveAsync(HttpListener listener, SemaphoreSlim received, CancellationToken cancellationToken)
    {
        while (listener.IsListening && !cancellationToken.IsCancellationRequested)
        {
            var request = await listener.GetContextAsync();
            await request.Request.InputStream.CopyToAsync(Stream.Null, cancellationToken);
            request.Response.StatusCode = 204;
            request.Response.Close();
            received.Release();
        }
    }

    private static async Task Require(Task<ApiResult> call, string what)
    {
        var result = await call;
        if (!result.IsSuccess)
        {
            throw new BenchSetupException($"could not {what}: {ContextPlanScenario.Describe(result)}");
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
