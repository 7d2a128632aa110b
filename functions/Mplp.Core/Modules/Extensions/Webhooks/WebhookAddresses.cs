using System.Net;
using System.Net.Sockets;

namespace Mplp.Core.Modules.Extensions.Webhooks;

/// <summary>Where an address lies, for the webhook SSRF rules.</summary>
public enum AddressReach
{
    /// <summary>The public internet: always allowed.</summary>
    Public,

    /// <summary>Loopback, private, shared (CGNAT) or unspecified: allowed only with <see cref="WebhookOptions.AllowPrivateNetworks"/>.</summary>
    Private,

    /// <summary>Link-local or a cloud metadata endpoint: never a webhook target.</summary>
    Forbidden,
}

/// <summary>
/// The webhook SSRF rules on addresses and host names. Pure: <see cref="WebhookTargets"/> applies them
/// to what DNS answers at every attempt, and to literal addresses when a subscription is written.
/// </summary>
public static class WebhookAddresses
{
    // Cloud metadata names; they resolve to a forbidden address anyway, but refusing the name needs no DNS.
    private static readonly HashSet<string> MetadataNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal",
    };

    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    private static readonly (IPAddress Network, int Bits)[] PrivateV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.168.0.0"), 16),
    ];

    public static AddressReach Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            if (InNetwork(address, IPAddress.Parse("169.254.0.0"), 16))
            {
                return AddressReach.Forbidden;
            }

            return PrivateV4.Any(n => InNetwork(address, n.Network, n.Bits)) ? AddressReach.Private : AddressReach.Public;
        }

        if (address.Equals(AwsMetadataV6) || address.IsIPv6LinkLocal)
        {
            return AddressReach.Forbidden;
        }

        // fc00::/7 (unique local), loopback, unspecified, and the site-local fec0::/10 of old.
        var first = address.GetAddressBytes()[0];
        return IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address) || (first & 0xFE) == 0xFC || address.IsIPv6SiteLocal
            ? AddressReach.Private
            : AddressReach.Public;
    }

    /// <summary>Whether the address may be a target under the setting.</summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivateNetworks) => Classify(address) switch
    {
        AddressReach.Public => true,
        AddressReach.Private => allowPrivateNetworks,
        _ => false,
    };

    /// <summary>A host name that is refused before any DNS look-up: the cloud metadata names.</summary>
    public static bool IsMetadataName(string host) => MetadataNames.Contains(host.TrimEnd('.'));

    private static bool InNetwork(IPAddress address, IPAddress network, int bits)
    {
        var value = ToUInt32(address);
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        return (value & mask) == (ToUInt32(network) & mask);
    }

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }
}
