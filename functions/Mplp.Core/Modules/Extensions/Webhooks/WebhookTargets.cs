using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Mplp.Core.Errors;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>
/// Where a webhook may send, after DNS: checked when a subscription is written (a clear 4xx) and again
/// at every attempt by <see cref="WebhookHttp"/>, which connects to the very address checked here, so a
/// name that resolves elsewhere the second time (DNS rebinding) cannot reach a refused address.
/// </summary>
public sealed class WebhookTargets(IOptions<WebhookOptions> options)
{
    /// <summary>422 <c>WEBHOOK_TARGET_REFUSED</c> when a webhook names a target it may not reach.</summary>
    public async Task RequireAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !options.Value.AllowPrivateNetworks)
        {
            throw Problems.WebhookTargetRefused("The url must be https (plain http only where Mplp:Webhooks:AllowPrivateNetworks is on).");
        }

        try
        {
            await ResolveAsync(url.IdnHost, cancellationToken);
        }
        catch (WebhookTargetRefusedException e)
        {
            throw Problems.WebhookTargetRefused(e.Message);
        }
        catch (SocketException)
        {
            // A name that does not resolve now may later; every attempt resolves and checks again.
        }
    }

    /// <summary>
    /// The address to connect to for <paramref name="host"/>: the first DNS answer, when every answer is
    /// allowed (one refused answer refuses the name: it could be served next time).
    /// </summary>
    public async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (WebhookAddresses.IsMetadataName(host))
        {
            throw new WebhookTargetRefusedException($"'{host}' is a cloud metadata endpoint");
        }

        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            var reach = WebhookAddresses.Classify(address);
            if (!WebhookAddresses.IsAllowed(address, options.Value.AllowPrivateNetworks))
            {
                throw new WebhookTargetRefusedException(reach == AddressReach.Forbidden
                    ? $"'{host}' resolves to {address}, a link-local or cloud metadata address: never a webhook target"
                    : $"'{host}' resolves to {address}, a loopback or private address (allowed only where Mplp:Webhooks:AllowPrivateNetworks is on)");
            }
        }

        return addresses[0];
    }
}

/// <summary>A webhook target the SSRF rules refuse; the message says why, for the client and the delivery log.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
