using System.Net.Sockets;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>
/// The HTTP client deliveries go through: every connection resolves and checks its host with
/// <see cref="WebhookTargets"/> and connects to the checked address; redirects are not followed
/// (a 3xx is a failed attempt), no proxy is used (it would connect for us, past the checks), and no
/// connection is reused, so each attempt resolves and checks afresh.
/// </summary>
public static class WebhookHttp
{
    public static HttpClient Create(WebhookTargets targets) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var address = await targets.ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });
}
