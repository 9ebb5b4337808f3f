using System.Net;
using WvsMesh.ServiceDefaults.Network;
using WvsMesh.Webhooks.Hooks;
using Xunit;

namespace WvsMesh.Webhooks.Tests.Hooks;

/// <summary>Which addresses a project hook may not call unless local requests are allowed (GitLab's admin setting).</summary>
public sealed class Classifying_hook_addresses
{
    public static TheoryData<string, string> Local => new()
    {
        { "127.0.0.1", "Loopback" },
        { "127.255.255.254", "Loopback" },
        { "::1", "Loopback" },
        { "0.0.0.0", "Unspecified" },
        { "0.1.2.3", "Unspecified" },
        { "::", "Unspecified" },
        { "10.0.0.1", "Private" },
        { "10.255.255.255", "Private" },
        { "172.16.0.1", "Private" },
        { "172.31.255.255", "Private" },
        { "192.168.1.1", "Private" },
        { "fc00::1", "Private" },
        { "fd12:3456:789a::1", "Private" },
        { "fec0::1", "Private" },
        { "169.254.169.254", "LinkLocal" },
        { "169.254.0.1", "LinkLocal" },
        { "fe80::1", "LinkLocal" },
        { "febf::1", "LinkLocal" },
        { "100.64.0.1", "SharedAddressSpace" },
        { "100.127.255.255", "SharedAddressSpace" },
        { "224.0.0.1", "NotUnicast" },
        { "255.255.255.255", "NotUnicast" },
        { "ff02::1", "NotUnicast" },
        // IPv6 spellings of IPv4 addresses are judged by the IPv4 address.
        { "::ffff:127.0.0.1", "Loopback" },
        { "::ffff:169.254.169.254", "LinkLocal" },
        { "::ffff:10.1.2.3", "Private" },
        { "::10.1.2.3", "Private" },
        { "64:ff9b::7f00:1", "Loopback" },
        { "2002:c0a8:0101::1", "Private" },
    };

    [Theory]
    [MemberData(nameof(Local))]
    public void Local_addresses_are_refused_with_their_kind(string address, string kind)
    {
        var parsed = IPAddress.Parse(address);

        Assert.Equal(kind, LocalAddresses.Classify(parsed).ToString());
        Assert.NotNull(LocalAddresses.Refusal([parsed]));
    }

    public static TheoryData<string> Public => new()
    {
        "8.8.8.8",
        "1.1.1.1",
        "9.255.255.255",
        "11.0.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "126.255.255.255",
        "128.0.0.1",
        "169.253.255.255",
        "169.255.0.1",
        "172.15.255.255",
        "172.32.0.1",
        "192.167.255.255",
        "192.169.0.1",
        "223.255.255.255",
        "2001:4860:4860::8888",
        "2606:4700:4700::1111",
        "fbff::1",
        "2a00:1450::1",
        "::ffff:8.8.8.8",
        "2002:0808:0808::1",
    };

    [Theory]
    [MemberData(nameof(Public))]
    public void Public_addresses_are_allowed(string address)
    {
        var parsed = IPAddress.Parse(address);

        Assert.Equal(LocalAddressKind.None, LocalAddresses.Classify(parsed));
        Assert.Null(LocalAddresses.Refusal([parsed]));
    }
}
