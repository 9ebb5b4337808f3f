using System.Net;
using System.Net.Sockets;

namespace WvsMesh.ServiceDefaults.Network;

/// <summary>
/// Why an address is no place for a request a user asked for (a project hook, an import) to go: GitLab's
/// <c>allow_local_requests_from_web_hooks_and_services</c>. The one place that decides which addresses are local.
/// </summary>
public enum LocalAddressKind
{
    /// <summary>A public address: requests may go there.</summary>
    None,

    /// <summary><c>0.0.0.0/8</c>, <c>::</c>: "this host", which connects to the local machine.</summary>
    Unspecified,

    /// <summary><c>127.0.0.0/8</c>, <c>::1</c>.</summary>
    Loopback,

    /// <summary>RFC 1918 (<c>10/8</c>, <c>172.16/12</c>, <c>192.168/16</c>), RFC 4193 (<c>fc00::/7</c>), site-local <c>fec0::/10</c>.</summary>
    Private,

    /// <summary><c>169.254/16</c> (where cloud metadata services live, <c>169.254.169.254</c>), <c>fe80::/10</c>.</summary>
    LinkLocal,

    /// <summary>Carrier-grade NAT, RFC 6598 <c>100.64/10</c>.</summary>
    SharedAddressSpace,

    /// <summary>Multicast, broadcast and reserved ranges (<c>224/4</c>, <c>240/4</c>, <c>ff00::/8</c>): never an HTTP server.</summary>
    NotUnicast,
}

/// <summary>
/// Classifies the address a hook or an import would connect to. IPv6 forms that carry an IPv4 address (mapped <c>::ffff:a.b.c.d</c>,
/// compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>) are judged by that IPv4 address, so
/// <c>::ffff:127.0.0.1</c> is loopback.
/// </summary>
public static class LocalAddresses
{
    public static LocalAddressKind Classify(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
        AddressFamily.InterNetworkV6 => ClassifyV6(address.GetAddressBytes()),
        _ => LocalAddressKind.NotUnicast,
    };

    /// <summary>Why a request may not connect to <paramref name="addresses"/>: the first local one, described; null when none is local.</summary>
    public static string? Refusal(IEnumerable<IPAddress> addresses) =>
        addresses.Select(Classify).FirstOrDefault(kind => kind != LocalAddressKind.None) is var kind and not LocalAddressKind.None ? Describe(kind) : null;

    /// <summary>GitLab's wording for the refusal, without the address itself.</summary>
    public static string Describe(LocalAddressKind kind) => kind switch
    {
        LocalAddressKind.Loopback => "Requests to loopback addresses are not allowed",
        LocalAddressKind.Unspecified => "Requests to the unspecified address (0.0.0.0, ::) are not allowed",
        LocalAddressKind.LinkLocal => "Requests to the link local network are not allowed",
        LocalAddressKind.NotUnicast => "Requests to multicast, broadcast or reserved addresses are not allowed",
        _ => "Requests to the local network are not allowed",
    };

    private static LocalAddressKind ClassifyV4(ReadOnlySpan<byte> a) => a[0] switch
    {
        0 => LocalAddressKind.Unspecified,
        127 => LocalAddressKind.Loopback,
        10 => LocalAddressKind.Private,
        172 when a[1] is >= 16 and <= 31 => LocalAddressKind.Private,
        192 when a[1] == 168 => LocalAddressKind.Private,
        169 when a[1] == 254 => LocalAddressKind.LinkLocal,
        100 when a[1] is >= 64 and <= 127 => LocalAddressKind.SharedAddressSpace,
        >= 224 => LocalAddressKind.NotUnicast,
        _ => LocalAddressKind.None,
    };

    private static LocalAddressKind ClassifyV6(byte[] a)
    {
        if (EmbeddedV4(a) is { } v4)
        {
            return ClassifyV4(v4);
        }
        if (a.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0)
        {
            return a[15] switch
            {
                0 => LocalAddressKind.Unspecified,
                1 => LocalAddressKind.Loopback,
                _ => LocalAddressKind.NotUnicast,
            };
        }
        return a[0] switch
        {
            0xff => LocalAddressKind.NotUnicast,
            0xfc or 0xfd => LocalAddressKind.Private,
            0xfe when (a[1] & 0xc0) == 0x80 => LocalAddressKind.LinkLocal,
            0xfe when (a[1] & 0xc0) == 0xc0 => LocalAddressKind.Private,
            _ => LocalAddressKind.None,
        };
    }

    /// <summary>The IPv4 address an IPv6 address carries, if it is one of the forms that route to it.</summary>
    private static byte[]? EmbeddedV4(byte[] a)
    {
        var span = a.AsSpan();
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; not :: or ::1, which are IPv6's own).
        if (span[..10].IndexOfAnyExcept((byte)0) < 0
            && ((span[10] == 0xff && span[11] == 0xff) || (span[10] == 0 && span[11] == 0 && span[12..15].IndexOfAnyExcept((byte)0) >= 0)))
        {
            return span[12..].ToArray();
        }
        // 64:ff9b::/96, the NAT64 well-known prefix.
        ReadOnlySpan<byte> nat64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
        if (span[..12].SequenceEqual(nat64))
        {
            return span[12..].ToArray();
        }
        // 2002:a.b.c.d::/48, 6to4.
        return span[0] == 0x20 && span[1] == 0x02 ? span[2..6].ToArray() : null;
    }
}
