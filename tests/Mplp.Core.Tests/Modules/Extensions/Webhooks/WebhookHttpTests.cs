using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mplp.Core.Modules.Extensions.Webhooks;

namespace Mplp.Core.Tests.Modules.Extensions.Webhooks;

/// <summary>The delivery client against a real receiver on loopback: the SSRF rules hold at connect time.</summary>
public sealed class WebhookHttpTests : IAsyncLifetime
{
    private WebApplication _receiver = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", () => Results.Ok());
        _receiver.MapPost("/moved", () => Results.Redirect("/hook"));
        await _receiver.StartAsync();
        _port = new Uri(_receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Theory(Timeout = 10_000)]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task Send_LoopbackWithoutPrivateNetworks_RefusedBeforeConnecting(string host)
    {
        using var client = WebhookHttp.Create(Targets(allowPrivateNetworks: false));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri($"http://{host}:{_port}/hook"), null));

        Assert.IsType<WebhookTargetRefusedException>(refused.InnerException);
    }

    [Fact(Timeout = 10_000)]
    public async Task Send_MetadataAddress_RefusedEvenWithPrivateNetworks()
    {
        using var client = WebhookHttp.Create(Targets(allowPrivateNetworks: true));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri("http://169.254.169.254/latest/meta-data/"), null));

        Assert.IsType<WebhookTargetRefusedException>(refused.InnerException);
    }

    [Fact(Timeout = 10_000)]
    public async Task Send_LoopbackWithPrivateNetworks_Delivered_RedirectNotFollowed()
    {
        using var client = WebhookHttp.Create(Targets(allowPrivateNetworks: true));

        using var delivered = await client.PostAsync(new Uri($"http://localhost:{_port}/hook"), null);
        using var moved = await client.PostAsync(new Uri($"http://localhost:{_port}/moved"), null);

        Assert.Equal(System.Net.HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, moved.StatusCode);
    }

    private static WebhookTargets Targets(bool allowPrivateNetworks)
        => new(Options.Create(new WebhookOptions { AllowPrivateNetworks = allowPrivateNetworks }));
}
