using System.Net;
using Mplp.Core.Modules.Extensions.Webhooks;

namespace Mplp.Core.Tests.Modules.Extensions.Webhooks;

public sealed class WebhookAddressesTests
{
    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:169.254.169.254")]
    public void IsAllowed_LinkLocalOrMetadata_RefusedEvenWithPrivateNetworks(string address)
    {
        Assert.Equal(AddressReach.Forbidden, WebhookAddresses.Classify(IPAddress.Parse(address)));
        Assert.False(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void IsAllowed_LoopbackOrPrivate_OnlyWithPrivateNetworks(string address)
    {
        Assert.Equal(AddressReach.Private, WebhookAddresses.Classify(IPAddress.Parse(address)));
        Assert.False(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowPrivateNetworks: false));
        Assert.True(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700::1111")]
    public void IsAllowed_PublicAddress_Allowed(string address)
    {
        Assert.Equal(AddressReach.Public, WebhookAddresses.Classify(IPAddress.Parse(address)));
        Assert.True(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowPrivateNetworks: false));
    }

    [Theory]
    [InlineData("metadata.google.internal", true)]
    [InlineData("METADATA.GOOGLE.INTERNAL.", true)]
    [InlineData("metadata.google.internal.example.com", false)]
    [InlineData("hooks.example.com", false)]
    public void IsMetadataName_CloudMetadataNames_Refused(string host, bool refused)
        => Assert.Equal(refused, WebhookAddresses.IsMetadataName(host));
}
