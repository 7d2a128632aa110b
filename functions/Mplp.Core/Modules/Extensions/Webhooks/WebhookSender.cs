using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>
/// Sends due deliveries: claims a batch, signs each with its subscription's current secret (so a
/// renewed secret signs the next attempts), posts it, and records the attempt: 2xx delivered; anything
/// else (a 3xx included: redirects are not followed), a refused target or a timeout is tried again
/// after <see cref="WebhookBackoff"/>, and dead-lettered once the retry window has passed.
/// </summary>
public sealed class WebhookSender(
    WebhookDeliveries deliveries,
    WebhookSecrets secrets,
    WebhookTargets targets,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    private readonly HttpClient _http = WebhookHttp.Create(targets);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _http.Timeout = options.Value.AttemptTimeout;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The lease outlasts an attempt: a delivery is tried by one instance at a time.
                var due = await deliveries.ClaimAsync(options.Value.Concurrency, clock.GetUtcNow(), options.Value.AttemptTimeout * 2, stoppingToken);
                await Task.WhenAll(due.Select(d => AttemptAsync(d, stoppingToken)));
                if (due.Count < options.Value.Concurrency)
                {
                    await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
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

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task AttemptAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var (status, error) = await SendAsync(delivery, cancellationToken);
        var now = clock.GetUtcNow();
        var outcome = status is >= 200 and < 300
            ? new AttemptOutcome(now, status, null, WebhookDeliveries.Delivered, null)
            : WebhookBackoff.NextTry(delivery.Attempt, delivery.QueuedAt, now, options.Value, Random.Shared.NextDouble()) is { } next
                ? new AttemptOutcome(now, status, error, WebhookDeliveries.Failed, next)
                : new AttemptOutcome(now, status, error, WebhookDeliveries.Dead, null);
        await deliveries.RecordAsync(delivery, outcome, cancellationToken);
        Logs.WebhookAttempted(logger, delivery.ExtensionId, delivery.EventId, delivery.Attempt, status, outcome.State);
    }

    private async Task<(int? Status, string? Error)> SendAsync(DueDelivery delivery, CancellationToken cancellationToken)
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
    }
}
