using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Events;

/// <summary>
/// Write load while the host is killed -9, PostgreSQL crashes (immediate shutdown) and Azurite is
/// killed -9, each started again: afterwards every acknowledged write's event is in the log, at
/// gap-free positions. PostgreSQL and Azurite are this test's own (the shared ones must stay up).
/// </summary>
public sealed class EventLogFaultTests : IAsyncLifetime
{
    private const int Writers = 4;
    private readonly CrashableServices _services = new();
    private readonly TestTokens _tokens = new();
    private readonly string _hub = TestEnvironment.UniqueName("hub");
    private DevHostProcess? _host;

    public Task InitializeAsync() => _services.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _services.DisposeAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task Writes_WhileHostPostgresAndAzuriteCrash_EveryAcknowledgedEventIsInTheLog()
    {
        _host = await StartHostAsync();
        var created = new ConcurrentDictionary<string, int>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteAsync(created, stopLoad.Token))).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        await _host.DisposeAsync();
        _host = await StartHostAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _services.CrashPostgresAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _services.StartPostgresAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _services.KillAzuriteAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _services.StartAzuriteAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        Assert.True(created.Count > 20, $"only {created.Count} contexts were acknowledged");
        using var client = Client();
        foreach (var (contextId, updates) in created)
        {
            var page = await client.GetFromJsonAsync<JsonObject>($"/api/v1/contexts/{contextId}/events?limit=100");
            var types = page!["items"]!.AsArray().Select(e => e!["event_type"]!.GetValue<string>()).ToList();
            Assert.Equal("context.created", types[0]);
            // An update whose answer was lost may have committed too: at least the acknowledged ones.
            Assert.True(types.Count(t => t == "context.updated") >= updates, $"context {contextId}: {updates} acknowledged updates, log: {string.Join(", ", types)}");
        }
    }

    /// <summary>Creates contexts and updates each once, recording what the host acknowledged; failures (the faults) are expected.</summary>
    private async Task WriteAsync(ConcurrentDictionary<string, int> acknowledged, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = Client();
                var create = await client.PostAsJsonAsync("/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" }, status = "active" }, stop);
                if (create.StatusCode != HttpStatusCode.Created)
                {
                    await Task.Delay(100, stop);
                    continue;
                }

                var id = (await create.Content.ReadFromJsonAsync<JsonObject>(stop))!["context_id"]!.GetValue<string>();
                acknowledged[id] = 0;
                using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/contexts/{id}") { Content = JsonContent.Create(new { title = "renamed" }) };
                if ((await client.SendAsync(patch, stop)).StatusCode == HttpStatusCode.OK)
                {
                    acknowledged[id] = 1;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
            {
                // The host or a service is down: try again.
            }
        }
    }

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = _host!.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _tokens.For(TestTokens.Admin));
        return client;
    }

    private Task<DevHostProcess> StartHostAsync() => DevHostProcess.StartAsync(new Dictionary<string, string>
    {
        [TestEnvironment.PostgresVariable] = _services.PostgresConnectionString,
        ["AzureWebJobsStorage"] = _services.StorageConnectionString,
        ["Mplp__Storage__ConnectionString"] = _services.StorageConnectionString,
        ["DevHost__HubName"] = _hub,
        ["DevHost__WorkerId"] = _hub,
    }.Concat(_tokens.HostSettings).ToDictionary(), CancellationToken.None);
}
