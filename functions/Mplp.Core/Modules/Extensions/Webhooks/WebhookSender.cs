using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mplp.Core.Events;
using Npgsql;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>
/// Runs the webhooks on every instance: the fan-out (<see cref="WebhookFanOut"/>, woken by commits to
/// the subscribed traces) and the sender, which keeps up to <see cref="WebhookOptions.Concurrency"/>
/// attempts in flight. Each attempt signs with the subscription's current secret (so a renewed secret
/// signs the next attempts) and is recorded: 2xx delivered; anything else (a 3xx included: redirects
/// are not followed), a refused target or a timeout is tried again after <see cref="WebhookBackoff"/>,
/// and dead-lettered once the retry window has passed.
/// </summary>
public sealed class WebhookSender(
    WebhookFanOut fanOut,
    WebhookDeliveries deliveries,
    WebhookSecrets secrets,
    WebhookTargets targets,
    EventNotifications notifications,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    private readonly HttpClient _http = WebhookHttp.Create(targets);

    // The fan-out wakes the sender when it queued something; one pending wake-up is enough.
    private readonly Channel<bool> _queued = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _http.Timeout = options.Value.AttemptTimeout;
        return Task.WhenAll(FanOutAsync(stoppingToken), SendAsync(stoppingToken));
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task FanOutAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<WebhookSubscription> known = [];
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Taken before looking, so a commit while this round looks still wakes the wait below;
                // a new subscription's trace is looked at within the poll interval.
                var commits = known.Select(s => notifications.NextCommitAsync(s.PartitionKey)).ToList();
                known = await fanOut.SubscriptionsAsync(stoppingToken);
                var queued = 0;
                foreach (var subscription in known.Where(s => s.Behind))
                {
                    try
                    {
                        queued += await fanOut.FanOutAsync(subscription, stoppingToken);
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                    {
                        // One subscription's trouble must not hold up the others'.
                        Logs.WebhookFanOutFailed(logger, e);
                    }
                }

                if (queued > 0)
                {
                    _queued.Writer.TryWrite(true);
                    continue;
                }

                await Task.WhenAny(commits.Append(Task.Delay(options.Value.PollInterval, clock, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away: the cursors wait in it until it is back.
                Logs.WebhookFanOutFailed(logger, e);
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                var free = options.Value.Concurrency - running.Count;
                if (free > 0)
                {
                    // The lease outlasts an attempt: a delivery is tried by one instance at a time.
                    var due = await deliveries.ClaimAsync(free, clock.GetUtcNow(), options.Value.AttemptTimeout * 2, stoppingToken);
                    running.AddRange(due.Select(d => AttemptAsync(d, stoppingToken)));
                    if (due.Count == free)
                    {
                        continue;
                    }
                }

                var queued = _queued.Reader.WaitToReadAsync(stoppingToken).AsTask();
                await Task.WhenAny(running.Append(queued).Append(Task.Delay(options.Value.PollInterval, clock, stoppingToken)));
                _queued.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            catch (Exception e)
            {
                // The database is away: the deliveries wait in it until it is back.
                Logs.WebhookClaimFailed(logger, e);
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task AttemptAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var (status, error) = await PostAsync(delivery, cancellationToken);
        var now = clock.GetUtcNow();
        var outcome = status is >= 200 and < 300
            ? new AttemptOutcome(now, status, null, WebhookDeliveries.Delivered, null)
            : WebhookBackoff.NextTry(delivery.Attempt, delivery.QueuedAt, now, options.Value, Random.Shared.NextDouble()) is { } next
                ? new AttemptOutcome(now, status, error, WebhookDeliveries.Failed, next)
                : new AttemptOutcome(now, status, error, WebhookDeliveries.Dead, null);
        try
        {
            await deliveries.RecordAsync(delivery, outcome, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            // Unrecorded, the attempt is made again when its lease ends: at least once, as receivers expect.
            Logs.WebhookClaimFailed(logger, e);
            return;
        }

        Logs.WebhookAttempted(logger, delivery.ExtensionId, delivery.EventId, delivery.Attempt, status, outcome.State);
    }

    private async Task<(int? Status, string? Error)> PostAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Url.Scheme != Uri.UriSchemeHttps && !options.Value.AllowPrivateNetworks)
        {
            return (null, "plain http is refused: Mplp:Webhooks:AllowPrivateNetworks is off");
        }

        try
        {
            using var request = WebhookMessages.Request(delivery, secrets.Reveal(delivery.ProtectedSecret), clock.GetUtcNow());
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException e)
        {
            return (null, (e.InnerException as WebhookTargetRefusedException)?.Message ?? e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {options.Value.AttemptTimeout}");
        }
        catch (CryptographicException)
        {
            return (null, "the signing secret cannot be decrypted (the Data Protection key ring lost its key): renew the secret");
        }
    }
}
