namespace Mplp.Functions.Tests.Modules.Extensions;

/// <summary>
/// A host whose webhooks may reach loopback (the tests' receiver) and retry fast: 200 ms doubling to
/// 1 s, dead after 3 s, attempts of at most 2 s, so retries, dead letters and stops show within a test.
/// </summary>
public sealed class WebhookFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Mplp__Webhooks__AllowPrivateNetworks", "true"),
        new("Mplp__Webhooks__FirstRetryDelay", "00:00:00.200"),
        new("Mplp__Webhooks__MaxRetryDelay", "00:00:01"),
        new("Mplp__Webhooks__RetryFor", "00:00:03"),
        new("Mplp__Webhooks__PollInterval", "00:00:00.100"),
        // The claim lease is twice this: a delivery claimed by a killed host is tried again 4 s on.
        new("Mplp__Webhooks__AttemptTimeout", "00:00:02"),
    ];

    /// <summary>
    /// A new context with an active integration extension delivering its <c>context.updated</c> events
    /// to <paramref name="receiver"/>, which is given the extension's first secret.
    /// </summary>
    public async Task<(string Context, string Extension, string Secret)> SubscribeAsync(WebhookReceiver receiver)
    {
        var context = await NewContextAsync();
        var (created, extension) = await SendAsync(HttpMethod.Post, "/api/v1/extensions", new
        {
            context_id = context,
            name = "notify",
            extension_type = "integration",
            version = "1.0.0",
            config = new { webhook = new { url = receiver.Url, event_types = new[] { "context.updated" } } },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = extension["extension_id"]!.GetValue<string>();
        var (activated, _) = await SendAsync(HttpMethod.Post, $"/api/v1/extensions/{id}/activate");
        Assert.Equal(System.Net.HttpStatusCode.OK, activated.StatusCode);
        var secret = await RenewSecretAsync(id);
        receiver.Secrets.Add(secret);
        return (context, id, secret);
    }

    public async Task<string> RenewSecretAsync(string extension)
    {
        var (renewed, answer) = await SendAsync(HttpMethod.Post, $"/api/v1/extensions/{extension}/webhook/secret");
        Assert.Equal(System.Net.HttpStatusCode.OK, renewed.StatusCode);
        return answer["secret"]!.GetValue<string>();
    }

    /// <summary>A change in the context: one <c>context.updated</c> event.</summary>
    public async Task TouchAsync(string context)
    {
        var (patched, _) = await SendAsync(HttpMethod.Patch, $"/api/v1/contexts/{context}", new { title = TestEnvironmentName() });
        Assert.Equal(System.Net.HttpStatusCode.OK, patched.StatusCode);
    }

    private static string TestEnvironmentName() => Mplp.Testing.TestEnvironment.UniqueName("title");
}
