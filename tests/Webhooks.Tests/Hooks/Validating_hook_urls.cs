using System.Net;
using System.Net.Sockets;
using WvsMesh.Webhooks.Hooks;
using Xunit;

namespace WvsMesh.Webhooks.Tests.Hooks;

/// <summary>
/// A hook URL is http(s) with a host; unless local requests are allowed, neither the literal host nor any address its
/// name resolves to may be local. (Sending checks again at connect time; that is the end-to-end tests' part.)
/// </summary>
public sealed class Validating_hook_urls
{
    private static readonly Dictionary<string, IPAddress[]> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["public.example"] = [IPAddress.Parse("93.184.215.14")],
        ["internal.example"] = [IPAddress.Parse("10.0.0.7")],
        ["metadata.example"] = [IPAddress.Parse("169.254.169.254")],
        ["mixed.example"] = [IPAddress.Parse("93.184.215.14"), IPAddress.Parse("127.0.0.1")],
        ["empty.example"] = [],
    };

    private static Task<IPAddress[]> Resolve(string host, CancellationToken ct) =>
        Names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);

    public static TheoryData<string, string?> Refusals => new()
    {
        { "https://public.example/hook", null },
        { "http://public.example:8080/hook?x=1", null },
        { "https://93.184.215.14/hook", null },
        { "ftp://public.example/hook", HookUrlPolicy.SchemeNotAllowed },
        { "file:///etc/passwd", HookUrlPolicy.SchemeNotAllowed },
        { "/relative/hook", HookUrlPolicy.SchemeNotAllowed },
        { "not a url", HookUrlPolicy.SchemeNotAllowed },
        { "http://127.0.0.1:8080/hook", "Requests to loopback addresses are not allowed" },
        { "http://[::1]/hook", "Requests to loopback addresses are not allowed" },
        { "http://[::ffff:127.0.0.1]/hook", "Requests to loopback addresses are not allowed" },
        { "http://2130706433/hook", "Requests to loopback addresses are not allowed" },
        { "http://localhost/hook", "Requests to loopback addresses are not allowed" },
        { "http://api.LOCALHOST/hook", "Requests to loopback addresses are not allowed" },
        { "http://0.0.0.0/hook", "Requests to the unspecified address (0.0.0.0, ::) are not allowed" },
        { "http://192.168.0.10/hook", "Requests to the local network are not allowed" },
        { "http://100.64.1.1/hook", "Requests to the local network are not allowed" },
        { "http://169.254.169.254/latest/meta-data", "Requests to the link local network are not allowed" },
        { "http://internal.example/hook", "Requests to the local network are not allowed" },
        { "http://metadata.example/hook", "Requests to the link local network are not allowed" },
        { "http://mixed.example/hook", "Requests to loopback addresses are not allowed" },
        { "http://empty.example/hook", HookUrlPolicy.HostNotResolved },
        { "http://unknown.example/hook", HookUrlPolicy.HostNotResolved },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Urls_are_refused_for_their_scheme_or_local_addresses(string url, string? refusal)
    {
        var answer = await HookUrlPolicy.RefuseAsync(url, allowLocal: false, Resolve, TestContext.Current.CancellationToken);

        Assert.Equal(refusal, answer);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://internal.example/hook")]
    [InlineData("http://unknown.example/hook")]
    public async Task Local_urls_are_accepted_when_local_requests_are_allowed(string url)
    {
        Assert.Null(await HookUrlPolicy.RefuseAsync(url, allowLocal: true, Resolve, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/hook")]
    [InlineData("javascript:alert(1)")]
    public async Task Only_http_and_https_are_accepted_even_when_local_requests_are_allowed(string url)
    {
        Assert.Equal(HookUrlPolicy.SchemeNotAllowed, await HookUrlPolicy.RefuseAsync(url, allowLocal: true, Resolve, TestContext.Current.CancellationToken));
    }
}
