using System.Net;
using Mplp.Testing;

namespace Mplp.Functions.Tests.Caching;

/// <summary>
/// Two instances of one installation: host A (the fixture's own, where changes are made) and host B,
/// a second dev host over the same database and event log, with its own task hub and results queue.
/// Both reuse grants and module switches for ten minutes, far longer than any test: whatever B learns
/// of A's changes within a test, it learns through an invalidation, never because its cache expired.
/// </summary>
public abstract class PeerHostsFixture : ApiFixture
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly string _peerHub = TestEnvironment.UniqueName("hub");
    private readonly string _peerResults = TestEnvironment.UniqueName("results-");
    private DevHostProcess? _peer;

    /// <summary>Mplp:Redis:Configuration of both hosts; null for none.</summary>
    protected abstract string? RedisConfiguration { get; }

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Mplp__Auth__GrantsFreshness", Window.ToString()),
        new("Mplp__Modules__SwitchFreshness", Window.ToString()),
        .. RedisConfiguration is { } redis ? [new KeyValuePair<string, string>("Mplp__Redis__Configuration", redis)] : Array.Empty<KeyValuePair<string, string>>(),
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var settings = new Dictionary<string, string>(HostSettings)
        {
            ["DevHost__HubName"] = _peerHub,
            ["DevHost__WorkerId"] = _peerHub,
            ["Mplp__Agents__ResultsQueue"] = _peerResults,
        };
        _peer = await DevHostProcess.StartAsync(settings, CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }

        await base.DisposeAsync();
        await TestStorage.DeletePrefixedAsync(_peerHub);
        await TestStorage.DeletePrefixedAsync(_peerResults);
    }

    /// <summary>A client of host B calling as <paramref name="principal"/>.</summary>
    public HttpClient PeerClient(string principal)
    {
        var client = new HttpClient { BaseAddress = _peer!.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.For(principal));
        return client;
    }

    /// <summary>A new principal holding a new role with <paramref name="capabilities"/> everywhere (made on host A): its name, the role's id and the assignment's id.</summary>
    public async Task<(string Principal, string RoleId, string AssignmentId)> PrincipalHoldingAsync(params string[] capabilities)
    {
        var principal = TestEnvironment.UniqueName("principal");
        var (created, role) = await SendAsync(HttpMethod.Post, "/api/v1/roles", new { name = principal, capabilities });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var roleId = role["role_id"]!.GetValue<string>();
        var (assigned, assignment) = await SendAsync(HttpMethod.Post, $"/api/v1/roles/{roleId}/assignments", new { principal });
        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        return (principal, roleId, assignment["assignment_id"]!.GetValue<string>());
    }

    /// <summary>
    /// Polls <paramref name="path"/> on <paramref name="client"/> until it answers <paramref name="expected"/>
    /// or <paramref name="within"/> passed; the status seen last. Short next to the ten-minute window.
    /// </summary>
    public static async Task<HttpStatusCode> StatusWithinAsync(HttpClient client, string path, HttpStatusCode expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            if (response.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>Both hosts configured with the Redis of <c>./mplp test</c>.</summary>
public sealed class RedisPeersFixture : PeerHostsFixture
{
    protected override string? RedisConfiguration => TestEnvironment.Redis;
}

/// <summary>Both hosts find that Redis through the Sentinel watching it (service <c>mplp</c>).</summary>
public sealed class SentinelPeersFixture : PeerHostsFixture
{
    protected override string? RedisConfiguration => $"{TestEnvironment.RedisSentinel},serviceName=mplp";
}

/// <summary>Neither host configured with Redis: the platform as it runs without one.</summary>
public sealed class LocalPeersFixture : PeerHostsFixture
{
    protected override string? RedisConfiguration => null;
}

/// <summary>Both hosts pointed at a Redis of the test's own, not yet running when they start.</summary>
public sealed class OutagePeersFixture : PeerHostsFixture
{
    public RedisProcess Redis { get; } = new();

    protected override string? RedisConfiguration => Redis.Configuration;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>Both hosts pointed at a Sentinel nobody answers on: it cannot name a primary, and the hosts must not care.</summary>
public sealed class UnreachableSentinelPeersFixture : PeerHostsFixture
{
    private readonly RedisProcess _neverStarted = new();

    protected override string? RedisConfiguration => $"{_neverStarted.Configuration},serviceName=mplp";
}
