using Microsoft.AspNetCore.Http;
using Mplp.Core.Modules.Extensions.Webhooks;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Mplp.Core.Tests.Modules.Extensions.Webhooks;

public sealed class WebhookMessagesTests
{
    private static readonly Guid Extension = Guid.Parse("6f1c2d3e-4b5a-4c6d-8e7f-901234567890");

    [Fact]
    public void IdOf_SameEventAndSubscription_Stable_OtherSubscription_Differs()
    {
        Assert.Equal(WebhookMessages.IdOf("e1", Extension), WebhookMessages.IdOf("e1", Extension));
        Assert.NotEqual(WebhookMessages.IdOf("e1", Extension), WebhookMessages.IdOf("e1", Guid.NewGuid()));
        Assert.NotEqual(WebhookMessages.IdOf("e1", Extension), WebhookMessages.IdOf("e2", Extension));
        Assert.StartsWith("msg_", WebhookMessages.IdOf("e1", Extension));
    }

    [Fact]
    public async Task Request_Signed_VerifiesWithItsSecretOnly()
    {
        var secret = WebhookSecrets.NewSecret();
        var delivery = new DueDelivery(1, Extension, "e1", """{"event_id":"e1","event_type":"plan.created"}""", 1, DateTimeOffset.UtcNow, "", new Uri("https://hooks.example.com/"));

        using var request = WebhookMessages.Request(delivery, secret, DateTimeOffset.UtcNow);
        var body = await request.Content!.ReadAsStringAsync();
        var headers = new HeaderDictionary();
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToArray();
        }

        Assert.Equal(delivery.Event, body);
        Assert.Equal(WebhookMessages.IdOf("e1", Extension), headers["webhook-id"].ToString());
        Assert.StartsWith("v1,", headers["webhook-signature"].ToString());
        new StandardWebhook(secret).Verify(body, headers);
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WebhookSecrets.NewSecret()).Verify(body, headers));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(secret).Verify(body + " ", headers));
    }

    [Fact]
    public void NewSecret_StandardWebhooksFormat_32RandomBytes()
    {
        var secret = WebhookSecrets.NewSecret();

        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSecrets.NewSecret());
    }
}
