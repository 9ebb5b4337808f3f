using System.Net;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Network;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// Whether a hook may be given a URL: http or https with a host, and — unless <see cref="WebhooksOptions.AllowLocalRequests"/>
/// — no host that is, or resolves to, a local address (<see cref="OutboundUrls"/>). Sending checks the address again as it
/// connects (<see cref="HookConnections"/>), so a name that later resolves elsewhere (DNS rebinding) gains nothing.
/// </summary>
internal sealed class HookUrlPolicy(IOptions<WebhooksOptions> options)
{
    public const string HostNotResolved = OutboundUrls.HostNotResolved;

    public const string SchemeNotAllowed = OutboundUrls.SchemeNotAllowed;

    /// <summary>Why <paramref name="url"/> is refused, or null when it is acceptable.</summary>
    public Task<string?> RefuseAsync(string url, CancellationToken ct) =>
        RefuseAsync(url, options.Value.AllowLocalRequests, Dns.GetHostAddressesAsync, ct);

    /// <summary>The rule itself, with the resolver as a parameter.</summary>
    public static Task<string?> RefuseAsync(
        string url, bool allowLocal, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken ct) =>
        OutboundUrls.RefuseAsync(url, allowLocal, resolve, ct);
}
