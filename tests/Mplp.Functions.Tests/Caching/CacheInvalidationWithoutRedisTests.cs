using System.Net;

namespace Mplp.Functions.Tests.Caching;

/// <summary>
/// The control: without Redis, the instance that made a change applies it at once and host B keeps
/// what it read until its freshness window ends (ten minutes here), as the platform always did.
/// </summary>
public sealed class CacheInvalidationWithoutRedisTests(LocalPeersFixture peers) : IClassFixture<LocalPeersFixture>
{
    // As long as the Redis tests give B, and then some: B still answers from its cache.
    private static readonly TimeSpan Watched = TimeSpan.FromSeconds(3);

    [Fact(Timeout = 60_000)]
    public async Task Invalidate_WithoutRedis_AssignmentRevokedOnA_StillAllowedOnB()
    {
        var (onA, onB) = await PeerChanges.UnassignAsync(peers, Watched);

        Assert.Equal(HttpStatusCode.Forbidden, onA);
        Assert.Equal(HttpStatusCode.OK, onB);
    }

    [Fact(Timeout = 60_000)]
    public async Task Invalidate_WithoutRedis_ModuleDisabledOnA_StillServedOnB()
    {
        var (onA, onB) = await PeerChanges.DisableModuleAsync(peers, Watched);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, onA);
        Assert.Equal(HttpStatusCode.OK, onB);
    }
}
