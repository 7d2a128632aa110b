using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mplp.Core.Modules.CoreManifest;
using Mplp.Core.Modules.Roles;
using Mplp.Core.Storage;
using Npgsql;
using StackExchange.Redis;

namespace Mplp.Core.Caching;

/// <summary>
/// The one way a committed change reaches the per-instance caches a revoke must beat (grants, module
/// switches; API keys are checked per request and need nothing). <see cref="Invalidate"/> makes this
/// instance forget at once and, with <see cref="RedisOptions.Configuration"/> set, publishes the change
/// on the installation's channel, which every instance subscribes to and forgets on. Redis only
/// shortens the wait: no request reads from it, waits for it or fails because of it, and readiness
/// ignores it. Without Redis, while it is away, or for a message lost in between, the others catch up
/// within their freshness window (<c>Mplp:Auth:GrantsFreshness</c>, <c>Mplp:Modules:SwitchFreshness</c>).
/// </summary>
public sealed class CacheInvalidation(
    PrincipalGrants grants, ModuleGate gate, IOptions<RedisOptions> options, IOptions<PostgresOptions> postgres, ILogger<CacheInvalidation> logger)
    : BackgroundService
{
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(5);

    // Tells this instance's own messages apart: it forgot before publishing.
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private volatile ConnectionMultiplexer? _redis;
    private RedisChannel _channel;

    /// <summary>After a change committed: forget here, and tell the other instances (never waits for Redis).</summary>
    public void Invalidate(CachedState state)
    {
        Forget(state);
        if (_redis is not { } redis)
        {
            return;
        }

        if (!redis.IsConnected)
        {
            Logs.InvalidationNotPublished(logger, state);
            return;
        }

        try
        {
            // Fire and forget: the change is committed whatever Redis does, and the window bounds a lost message.
            redis.GetSubscriber().Publish(_channel, $"{state}:{_instance}", CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Lost the connection a moment ago (commands fail fast while Redis is away): the others catch up within their window.
            Logs.InvalidationNotPublished(logger, state);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Configuration))
        {
            return;
        }

        var configuration = ConfigurationOptions.Parse(options.Value.Configuration);
        // Start and serve without Redis; reconnect in the background. Commands fail at once while
        // it is away instead of queueing, so nothing builds up behind an outage.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "mplp";
        _channel = RedisChannel.Literal(ChannelName());
        try
        {
            await ConnectAndSubscribeAsync(configuration, stoppingToken);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            var redis = _redis;
            _redis = null;
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Until subscribed: Redis (or a Sentinel, which cannot name a primary it cannot reach) may be away
    /// at start-up. Requests are served meanwhile; the freshness window applies.
    /// </summary>
    private async Task ConnectAndSubscribeAsync(ConfigurationOptions configuration, CancellationToken stoppingToken)
    {
        ConnectionMultiplexer? redis = null;
        while (true)
        {
            try
            {
                redis ??= await ConnectAsync(configuration);
                await redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => Received(message));
                Logs.InvalidationSubscribed(logger, _channel.ToString());
                return;
            }
            catch (RedisException e)
            {
                Logs.InvalidationSubscribeFailed(logger, e, _channel.ToString(), SubscribeRetry);
                await Task.Delay(SubscribeRetry, stoppingToken);
            }
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        redis.ConnectionFailed += (_, e) => Logs.RedisConnectionLost(logger, e.Exception, e.ConnectionType, e.FailureType);
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                // Whatever was published while the subscription was down is lost: forget everything.
                Forget(CachedState.Grants);
                Forget(CachedState.ModuleSwitches);
                Logs.RedisConnectionRestored(logger);
            }
        };
        _redis = redis;
        return redis;
    }

    private void Received(RedisValue message)
    {
        var text = message.ToString();
        var separator = text.IndexOf(':', StringComparison.Ordinal);
        if (separator >= 0 && text[(separator + 1)..] == _instance)
        {
            return;
        }

        if (separator >= 0 && Enum.TryParse<CachedState>(text[..separator], out var state))
        {
            Forget(state);
            return;
        }

        // A state this version does not know (an instance of a newer version): forgetting all is safe.
        Forget(CachedState.Grants);
        Forget(CachedState.ModuleSwitches);
    }

    private void Forget(CachedState state)
    {
        switch (state)
        {
            case CachedState.Grants:
                grants.Forget();
                break;
            case CachedState.ModuleSwitches:
                gate.Forget();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "unknown cached state");
        }
    }

    /// <summary>Host and database, not the credentials: the same for every instance of one installation.</summary>
    private string ChannelName()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.Channel))
        {
            return options.Value.Channel;
        }

        var database = new NpgsqlConnectionStringBuilder(postgres.Value.ConnectionString);
        return $"mplp:invalidate:{database.Host}:{database.Port}/{database.Database}";
    }
}
