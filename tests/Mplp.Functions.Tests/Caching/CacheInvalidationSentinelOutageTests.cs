using System.Net;

namespace Mplp.Functions.Tests.Caching;

/// <summary>With its Sentinel unreachable, hosts start (the fixture waited for /health) and serve; changes apply on the instance that made them.</summary>
public sealed class CacheInvalidationSentinelOutageTests(UnreachableSentinelPeersFixture peers) : IClassFixture<UnreachableSentinelPeersFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Invalidate_SentinelUnreachable_ServedAndAppliedOnA()
    {
        var (ready, _) = await peers.SendAsync(HttpMethod.Get, "/ready");
        var (onA, onB) = await PeerChanges.UnassignAsync(peers, TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, onA);
        Assert.Equal(HttpStatusCode.OK, onB);
    }
}
