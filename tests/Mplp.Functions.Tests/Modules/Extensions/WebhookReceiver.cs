using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Mplp.Functions.Tests.Modules.Extensions;

/// <summary>One request the receiver got: its webhook headers, the event, and which secret's signature verified (null: none).</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, JsonObject Event, string? VerifiedWith, int AnsweredWith);

/// <summary>
/// A webhook receiver as users write one: a real Kestrel on loopback that verifies Standard Webhooks
/// signatures with the StandardWebhooks package, answering each request with the next status of its
/// script (then <see cref="Otherwise"/>).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(script);
    }

    /// <summary>The status answered once the script has run out.</summary>
    public int Otherwise { get; set; } = 200;

    /// <summary>The secrets the receiver verifies with (a renewed one is added).</summary>
    public ConcurrentBag<string> Secrets { get; } = [];

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(params int[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, script);
        app.MapPost("/hook", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for what was received.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, CancellationToken cancellationToken)
    {
        while (!done(Received))
        {
            await Task.Delay(50, cancellationToken);
        }

        return Received;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var verifiedWith = Secrets.FirstOrDefault(secret => Verifies(secret, body, request.Headers));
        var status = _script.TryDequeue(out var next) ? next : Otherwise;
        _received.Enqueue(new ReceivedWebhook(request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(), JsonNode.Parse(body)!.AsObject(), verifiedWith, status));
        return Results.StatusCode(status);
    }

    private static bool Verifies(string secret, string body, IHeaderDictionary headers)
    {
        try
        {
            new StandardWebhook(secret).Verify(body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }
}
