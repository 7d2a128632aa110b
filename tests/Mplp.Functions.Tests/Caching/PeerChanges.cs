using System.Net;

namespace Mplp.Functions.Tests.Caching;

/// <summary>
/// The changes a revoke must carry to every instance, made on host A after host B has cached what
/// they change. Each returns what host A answers right after (it changed, so it knows) and what host
/// B answers within <c>within</c> (polled until it refuses, or the last answer).
/// </summary>
public static class PeerChanges
{
    public static async Task<(HttpStatusCode OnA, HttpStatusCode OnB)> UnassignAsync(PeerHostsFixture peers, TimeSpan within)
    {
        var (principal, roleId, assignmentId) = await peers.PrincipalHoldingAsync("context:read");
        var path = $"/api/v1/contexts/{await peers.NewContextAsync()}";
        using var onB = await WarmAsync(peers, principal, path);

        var (revoked, _) = await peers.SendAsync(HttpMethod.Delete, $"/api/v1/roles/{roleId}/assignments/{assignmentId}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        return await AnswersAsync(peers, principal, path, onB, HttpStatusCode.Forbidden, within);
    }

    public static async Task<(HttpStatusCode OnA, HttpStatusCode OnB)> LowerCapabilitiesAsync(PeerHostsFixture peers, TimeSpan within)
    {
        var (principal, roleId, _) = await peers.PrincipalHoldingAsync("context:read", "plan:read");
        var path = $"/api/v1/contexts/{await peers.NewContextAsync()}";
        using var onB = await WarmAsync(peers, principal, path);

        var (lowered, _) = await peers.SendAsync(HttpMethod.Patch, $"/api/v1/roles/{roleId}", new { capabilities = new[] { "plan:read" } });
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        return await AnswersAsync(peers, principal, path, onB, HttpStatusCode.Forbidden, within);
    }

    /// <summary>Disables the dialog module (enabled again afterwards), asked as the administrator.</summary>
    public static async Task<(HttpStatusCode OnA, HttpStatusCode OnB)> DisableModuleAsync(PeerHostsFixture peers, TimeSpan within)
    {
        const string path = "/api/v1/dialogs";
        using var onB = await WarmAsync(peers, Mplp.Testing.TestTokens.Admin, path);
        var (disabled, _) = await peers.SendAsync(HttpMethod.Patch, "/api/v1/core/modules/dialog", new { status = "disabled" });
        try
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
            return await AnswersAsync(peers, Mplp.Testing.TestTokens.Admin, path, onB, HttpStatusCode.ServiceUnavailable, within);
        }
        finally
        {
            await peers.SendAsync(HttpMethod.Patch, "/api/v1/core/modules/dialog", new { status = "enabled" });
        }
    }

    /// <summary>A client of host B whose first request, allowed, made B cache the principal's grants and the module switches.</summary>
    private static async Task<HttpClient> WarmAsync(PeerHostsFixture peers, string principal, string path)
    {
        var onB = peers.PeerClient(principal);
        using var warm = await onB.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        return onB;
    }

    private static async Task<(HttpStatusCode OnA, HttpStatusCode OnB)> AnswersAsync(
        PeerHostsFixture peers, string principal, string path, HttpClient onB, HttpStatusCode refused, TimeSpan within)
    {
        var statusOnB = await PeerHostsFixture.StatusWithinAsync(onB, path, refused, within);
        using var onA = peers.NewClient(peers.Tokens.For(principal));
        using var answerOnA = await onA.GetAsync(new Uri(path, UriKind.Relative));
        return (answerOnA.StatusCode, statusOnB);
    }
}
