using System.Net;
using System.Text.Json.Nodes;
using Npgsql;

namespace Mplp.Functions.Tests.Modules.Extensions;

public sealed class WebhookApiTests(WebhookFixture api) : IClassFixture<WebhookFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact(Timeout = 45_000)]
    public async Task Delivery_ReceiverFailsTwice_RetriedWithOneIdThenDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500);
        var (context, extension, secret) = await api.SubscribeAsync(receiver);

        await api.TouchAsync(context);
        var received = await receiver.WaitForAsync(r => r.Count >= 3, Timeout);
        var deliveries = await DeliveriesAsync(extension, d => d["state"]!.GetValue<string>() == "delivered");

        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.All(received, r => Assert.Equal(secret, r.VerifiedWith));
        Assert.All(received, r => Assert.Equal("context.updated", r.Event["event_type"]!.GetValue<string>()));
        var delivery = Assert.Single(deliveries);
        Assert.Equal(received[0].Id, delivery["webhook_id"]!.GetValue<string>());
        Assert.Equal(received[0].Event["event_id"]!.GetValue<string>(), delivery["event_id"]!.GetValue<string>());
        var attempts = delivery["attempt_log"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a["attempt"]!.GetValue<int>()));
        Assert.Equal([500, 500, 200], attempts.Select(a => a["status_code"]!.GetValue<int>()));
        Assert.Equal(["failed", "failed", "delivered"], attempts.Select(a => a["state"]!.GetValue<string>()));
        Assert.All(attempts[..2], a => Assert.NotNull(a["next_attempt_at"]));
    }

    [Fact(Timeout = 45_000)]
    public async Task Secret_ShownOnce_NotInTheExtensionTheLogOrPlainInTheDatabase()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (context, extension, secret) = await api.SubscribeAsync(receiver);
        await api.TouchAsync(context);
        await receiver.WaitForAsync(r => r.Count >= 1, Timeout);

        var (_, stored) = await api.SendAsync(HttpMethod.Get, $"/api/v1/extensions/{extension}");
        await using var connection = new NpgsqlConnection(api.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT secret FROM webhook_subscriptions WHERE extension_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(extension) });
        var atRest = (string)(await command.ExecuteScalarAsync())!;

        Assert.StartsWith("whsec_", secret);
        Assert.DoesNotContain(secret, stored.ToJsonString());
        Assert.DoesNotContain(secret["whsec_".Length..], api.HostOutput);
        Assert.DoesNotContain(secret["whsec_".Length..], atRest);
        Assert.NotEqual(secret, atRest);
        Assert.Equal(secret, receiver.Received[0].VerifiedWith);
    }

    [Fact(Timeout = 45_000)]
    public async Task RenewSecret_WhileRetrying_NextAttemptsSignWithTheNewOne()
    {
        await using var receiver = await WebhookReceiver.StartAsync([.. Enumerable.Repeat(500, 3)]);
        var (context, extension, first) = await api.SubscribeAsync(receiver);
        await api.TouchAsync(context);
        await receiver.WaitForAsync(r => r.Count >= 1, Timeout);

        var second = await api.RenewSecretAsync(extension);
        receiver.Secrets.Add(second);
        var count = receiver.Received.Count;
        var received = await receiver.WaitForAsync(r => r.Count > count + 1 && r[^1].AnsweredWith == 200, Timeout);

        Assert.NotEqual(first, second);
        Assert.Equal(first, received[0].VerifiedWith);
        Assert.Equal(second, received[^1].VerifiedWith);
        Assert.Single(received.Select(r => r.Id).Distinct());
    }

    [Fact(Timeout = 45_000)]
    public async Task Deactivate_WhileRetrying_StopsAtOnce_ReactivatedResumes()
    {
        await using var receiver = await WebhookReceiver.StartAsync([.. Enumerable.Repeat(500, 1000)]);
        var (context, extension, _) = await api.SubscribeAsync(receiver);
        await api.TouchAsync(context);
        await receiver.WaitForAsync(r => r.Count >= 2, Timeout);

        var (deactivated, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{extension}/deactivate");
        // An attempt already on the wire may still land; none starts after.
        await Task.Delay(300);
        var atStop = receiver.Received.Count;
        await api.TouchAsync(context);
        await Task.Delay(1_500);
        var whileInactive = receiver.Received.Count;
        var (reactivated, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{extension}/activate");
        await receiver.WaitForAsync(r => r.Count > whileInactive, Timeout);

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.Equal(atStop, whileInactive);
        Assert.Equal(HttpStatusCode.OK, reactivated.StatusCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task Delivery_HostKilledWhileRetrying_DeliveredAfterRestartWithTheSameId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Otherwise = 500;
        var (context, _, _) = await api.SubscribeAsync(receiver);
        await api.TouchAsync(context);
        await receiver.WaitForAsync(r => r.Count >= 1, Timeout);

        var whileDown = 0;
        await api.KillAndRestartHostAsync(() =>
        {
            whileDown = receiver.Received.Count;
            receiver.Otherwise = 200;
            return Task.CompletedTask;
        });
        var received = await receiver.WaitForAsync(r => r.Any(w => w.AnsweredWith == 200), Timeout);

        Assert.True(received.Count > whileDown, $"{whileDown} attempts before the restart, {received.Count} in all");
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.Equal(received[0].Event["event_id"]!.GetValue<string>(), received[^1].Event["event_id"]!.GetValue<string>());
    }

    [Fact(Timeout = 45_000)]
    public async Task Delivery_AlwaysFailing_DeadAfterTheRetryWindow()
    {
        await using var receiver = await WebhookReceiver.StartAsync([.. Enumerable.Repeat(503, 1000)]);
        var (context, extension, _) = await api.SubscribeAsync(receiver);
        await api.TouchAsync(context);

        var delivery = Assert.Single(await DeliveriesAsync(extension, d => d["state"]!.GetValue<string>() == "dead"));
        var last = delivery["attempt_log"]!.AsArray()[^1]!.AsObject();

        Assert.True(delivery["attempts"]!.GetValue<int>() >= 3);
        Assert.Null(delivery["next_attempt_at"]);
        Assert.Equal("dead", last["state"]!.GetValue<string>());
        Assert.Equal(503, last["status_code"]!.GetValue<int>());
    }

    [Fact(Timeout = 45_000)]
    public async Task RenewSecret_NeedsWriteInTheExtensionsContext_AndAWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (context, extension, _) = await api.SubscribeAsync(receiver);
        var reader = await api.ClientHoldingAsync(["extension:read"], context);
        var writerElsewhere = await api.ClientHoldingAsync(["extension:write"], await api.NewContextAsync());
        var writer = await api.ClientHoldingAsync(["extension:write"], context);
        var (_, plain) = await api.SendAsync(HttpMethod.Post, "/api/v1/extensions", new { context_id = context, name = "plain", extension_type = "capability", version = "1.0.0" });

        var (byReader, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{extension}/webhook/secret", client: reader);
        var (byOutsider, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{extension}/webhook/secret", client: writerElsewhere);
        var (notWebhook, problem) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{plain["extension_id"]}/webhook/secret");
        var (byWriter, answer) = await api.SendAsync(HttpMethod.Post, $"/api/v1/extensions/{extension}/webhook/secret", client: writer);
        var (listedByReader, _) = await api.SendAsync(HttpMethod.Get, $"/api/v1/extensions/{extension}/deliveries", client: reader);

        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
        Assert.Contains(byOutsider.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Equal(HttpStatusCode.Conflict, notWebhook.StatusCode);
        Assert.Equal("WEBHOOK_NOT_CONFIGURED", problem["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, byWriter.StatusCode);
        Assert.StartsWith("whsec_", answer["secret"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, listedByReader.StatusCode);
    }

    /// <summary>The extension's deliveries, once the first one satisfies <paramref name="done"/>.</summary>
    private async Task<IReadOnlyList<JsonObject>> DeliveriesAsync(string extension, Func<JsonObject, bool> done)
    {
        var timeout = Timeout;
        while (true)
        {
            var (response, page) = await api.SendAsync(HttpMethod.Get, $"/api/v1/extensions/{extension}/deliveries");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            if (items.Count > 0 && done(items[0]))
            {
                return items;
            }

            await Task.Delay(100, timeout);
        }
    }
}
