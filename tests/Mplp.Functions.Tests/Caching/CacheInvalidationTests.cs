using System.Net;

namespace Mplp.Functions.Tests.Caching;

/// <summary>With Redis, a change made on host A takes effect on host B at once, though B would reuse what it read for ten minutes.</summary>
public sealed class CacheInvalidationTests(RedisPeersFixture peers) : IClassFixture<RedisPeersFixture>
{
    // "At once": B is polled for at most this long, against a ten-minute window.
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 60_000)]
    public async Task Invalidate_AssignmentRevokedOnA_RefusedOnB()
    {
        var (onA, onB) = await PeerChanges.UnassignAsync(peers, AtOnce);

        Assert.Equal(HttpStatusCode.Forbidden, onA);
        Assert.Equal(HttpStatusCode.Forbidden, onB);
    }

    [Fact(Timeout = 60_000)]
    public async Task Invalidate_RoleCapabilitiesLoweredOnA_RefusedOnB()
    {
        var (onA, onB) = await PeerChanges.LowerCapabilitiesAsync(peers, AtOnce);

        Assert.Equal(HttpStatusCode.Forbidden, onA);
        Assert.Equal(HttpStatusCode.Forbidden, onB);
    }

    [Fact(Timeout = 60_000)]
    public async Task Invalidate_ModuleDisabledOnA_503OnB()
    {
        var (onA, onB) = await PeerChanges.DisableModuleAsync(peers, AtOnce);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, onA);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, onB);
    }
}
