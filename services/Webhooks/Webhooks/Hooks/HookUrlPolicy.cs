using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// Whether a hook may be given a URL: http or https with a host, and — unless <see cref="WebhooksOptions.AllowLocalRequests"/>
/// — no host that is, or resolves to, a local address. Sending checks the address again as it connects
/// (<see cref="HookConnections"/>), so a name that later resolves elsewhere (DNS rebinding) gains nothing.
/// </summary>
internal sealed class HookUrlPolicy(IOptions<WebhooksOptions> options)
{
    public const string HostNotResolved = "Host cannot be resolved or invalid";

    public const string SchemeNotAllowed = "Only allowed schemes are http, https";

    /// <summary>Why <paramref name="url"/> is refused, or null when it is acceptable.</summary>
    public Task<string?> RefuseAsync(string url, CancellationToken ct) =>
        RefuseAsync(url, options.Value.AllowLocalRequests, Dns.GetHostAddressesAsync, ct);

    /// <summary>The rule itself, with the resolver as a parameter.</summary>
    public static async Task<string?> RefuseAsync(
        string url, bool allowLocal, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IdnHost.Length == 0)
        {
            return SchemeNotAllowed;
        }
        if (allowLocal)
        {
            return null;
        }
        var host = uri.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var literal))
        {
            return LocalAddresses.Refusal([literal]);
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return LocalAddresses.Describe(LocalAddressKind.Loopback);
        }
        IPAddress[] addresses;
        try
        {
            addresses = await resolve(host, ct);
        }
        catch (SocketException)
        {
            return HostNotResolved;
        }
        catch (ArgumentException)
        {
            return HostNotResolved;
        }
        return addresses.Length == 0 ? HostNotResolved : LocalAddresses.Refusal(addresses);
    }
}
