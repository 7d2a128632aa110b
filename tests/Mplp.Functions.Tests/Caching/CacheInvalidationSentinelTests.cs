using System.Net;

namespace Mplp.Functions.Tests.Caching;

/// <summary>A Sentinel configuration string (<c>sentinel:port,serviceName=...</c>) finds the Redis and carries changes as well.</summary>
public sealed class CacheInvalidationSentinelTests(SentinelPeersFixture peers) : IClassFixture<SentinelPeersFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Invalidate_ThroughSentinel_AssignmentRevokedOnA_RefusedOnB()
    {
        var (onA, onB) = await PeerChanges.UnassignAsync(peers, TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.Forbidden, onA);
        Assert.Equal(HttpStatusCode.Forbidden, onB);
    }
}
