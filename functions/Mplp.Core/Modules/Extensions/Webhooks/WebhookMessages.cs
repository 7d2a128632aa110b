using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using StandardWebhooks;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>
/// Builds a Standard Webhooks request: <c>webhook-id</c>, <c>webhook-timestamp</c> and a v1 HMAC-SHA256
/// <c>webhook-signature</c> (the <c>StandardWebhooks</c> package), the MPLP event JSON as the body.
/// </summary>
public static class WebhookMessages
{
    /// <summary>
    /// The <c>webhook-id</c>: the same for every attempt of one event to one subscription (receivers
    /// deduplicate on it), different for another subscription of the same event.
    /// </summary>
    public static string IdOf(string eventId, Guid extensionId)
        => "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId}/{extensionId}")).AsSpan(0, 16));

    public static HttpRequestMessage Request(DueDelivery delivery, string secret, DateTimeOffset at)
    {
        var id = IdOf(delivery.EventId, delivery.ExtensionId);
        var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Event, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, at, delivery.Event));
        return request;
    }
}
