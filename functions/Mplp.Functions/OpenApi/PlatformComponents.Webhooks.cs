using System.Text.Json.Nodes;
using static Mplp.Functions.OpenApi.SharedComponents;

namespace Mplp.Functions.OpenApi;

/// <summary>The webhook bodies: a subscription's new signing secret and its deliveries.</summary>
internal static partial class PlatformComponents
{
    private static JsonObject WebhookSecretSchema() => Closed(["extension_id", "secret", "created_at"], new()
    {
        ["extension_id"] = Id("The subscription (an integration extension with config.webhook)."),
        ["secret"] = Text("The Standard Webhooks signing secret (whsec_ + base64): shown only here, once; the next attempts sign with it."),
        ["created_at"] = Time("When it was made."),
    });

    private static JsonObject WebhookDeliverySchema() => Closed(["event_id", "webhook_id", "position", "state", "attempts", "next_attempt_at", "queued_at", "attempt_log"], new()
    {
        ["event_id"] = Text("The MPLP event delivered (the request body)."),
        ["webhook_id"] = Text("The webhook-id header: the same for every attempt of this event to this subscription."),
        ["position"] = new JsonObject { ["type"] = "integer", ["description"] = "The event's position in its trace's log." },
        ["state"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("pending", "failed", "delivered", "dead"), ["description"] = "pending: not tried yet; failed: tried, retried at next_attempt_at; delivered: a 2xx answer; dead: retries ran out." },
        ["attempts"] = new JsonObject { ["type"] = "integer" },
        ["next_attempt_at"] = Nullable(Time("The next try, while pending or failed.")),
        ["queued_at"] = Time("When the event was queued for this subscription; retries end a retry window (Mplp:Webhooks:RetryFor, 25 h) after it."),
        ["attempt_log"] = new JsonObject
        {
            ["type"] = "array",
            ["items"] = Closed(["attempt", "attempted_at", "state"], new()
            {
                ["attempt"] = new JsonObject { ["type"] = "integer", ["description"] = "1 for the first." },
                ["attempted_at"] = Time("When it was sent."),
                ["status_code"] = new JsonObject { ["type"] = "integer", ["description"] = "The receiver's status; absent when there was no answer." },
                ["error"] = Text("Why there was no answer (refused target, connection, timeout)."),
                ["state"] = new JsonObject { ["type"] = "string", ["enum"] = Strings("failed", "delivered", "dead") },
                ["next_attempt_at"] = Time("When it is tried again, after a failed attempt."),
            }),
        },
    });
}
