using System.Net;

namespace Mplp.Functions.Tests.Caching;

/// <summary>
/// Redis is an accelerator, not a dependency: hosts start and serve while it is unreachable or gone,
/// connect when it comes, and on its return forget everything, since changes made meanwhile were not heard.
/// </summary>
public sealed class CacheInvalidationOutageTests(OutagePeersFixture peers) : IClassFixture<OutagePeersFixture>
{
    // Hosts retry subscribing every 5 s and StackExchange.Redis reconnects with a backoff of a few seconds.
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 180_000)]
    public async Task Invalidate_RedisUnreachableThenGoneThenBack_ServesThroughoutAndCatchesUpOnReturn()
    {
        // Unreachable since start-up: both hosts are up (the fixture waited for /health) and serve.
        await AssertServedAsync();

        // Redis comes: the subscription is made, and a revoke reaches B.
        await peers.Redis.StartAsync(CancellationToken.None);
        var (_, connected) = await PeerChanges.UnassignAsync(peers, Reconnect);
        Assert.Equal(HttpStatusCode.Forbidden, connected);

        // Redis goes: requests are still served, the change applies on A; B keeps its cache (the window).
        await peers.Redis.DisposeAsync();
        await AssertServedAsync();
        var (principal, roleId, assignmentId) = await peers.PrincipalHoldingAsync("context:read");
        var path = $"/api/v1/contexts/{await peers.NewContextAsync()}";
        using var onB = peers.PeerClient(principal);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        var (revoked, _) = await peers.SendAsync(HttpMethod.Delete, $"/api/v1/roles/{roleId}/assignments/{assignmentId}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);

        // Redis is back: B forgets what it cached while deaf, so the revoke made meanwhile applies.
        await peers.Redis.StartAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.Forbidden, await PeerHostsFixture.StatusWithinAsync(onB, path, HttpStatusCode.Forbidden, Reconnect));
    }

    private async Task AssertServedAsync()
    {
        var (ready, _) = await peers.SendAsync(HttpMethod.Get, "/ready");
        var (created, _) = await peers.SendAsync(HttpMethod.Post, "/api/v1/contexts", new { title = "t", root = new { domain = "d", environment = "e" }, status = "active" });
        using var onB = peers.PeerClient(Mplp.Testing.TestTokens.Admin);
        using var readyOnB = await onB.GetAsync(new Uri("/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyOnB.StatusCode);
    }
}
