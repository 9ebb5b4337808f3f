using System.Net;
using System.Net.Sockets;

namespace WvsMesh.ServiceDefaults.Network;

/// <summary>A host name resolved and judged: the addresses a request may connect to, or why it may not.</summary>
/// <param name="Addresses">What the host resolved to (an address literal: itself); empty when it did not resolve.</param>
/// <param name="Refusal">GitLab's reason the request may not go there, or null.</param>
public sealed record ResolvedHost(IReadOnlyList<IPAddress> Addresses, string? Refusal);

/// <summary>
/// The rule for a URL a user gives the server to call (a project hook, an <c>import_url</c>), as GitLab's URL blocker
/// words it: <c>http</c> or <c>https</c> with a host, and — unless local requests are allowed — no host that is, or
/// resolves to, a local address (<see cref="LocalAddresses"/>).
/// </summary>
public static class OutboundUrls
{
    public const string HostNotResolved = "Host cannot be resolved or invalid";

    public const string SchemeNotAllowed = "Only allowed schemes are http, https";

    /// <summary>True for an absolute <c>http</c>/<c>https</c> URL with a host.</summary>
    public static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && uri.Scheme is "http" or "https" && uri.IdnHost.Length > 0;

    /// <summary>Why <paramref name="url"/> is refused, or null when it is acceptable; <paramref name="resolve"/> asks DNS.</summary>
    public static async Task<string?> RefuseAsync(
        string url, bool allowLocal, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsHttp(uri))
        {
            return SchemeNotAllowed;
        }
        return allowLocal ? null : (await ResolveAsync(uri.IdnHost, allowLocal, resolve, ct)).Refusal;
    }

    /// <summary>
    /// Resolves <paramref name="host"/> (an address literal stands for itself; <c>localhost</c> names are loopback without
    /// asking DNS) and refuses it when it is, or any of its addresses is, local and <paramref name="allowLocal"/> is off.
    /// </summary>
    public static async Task<ResolvedHost> ResolveAsync(
        string host, bool allowLocal, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken ct)
    {
        host = host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var literal))
        {
            return new ResolvedHost([literal], allowLocal ? null : LocalAddresses.Refusal([literal]));
        }
        if (!allowLocal && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)))
        {
            return new ResolvedHost([], LocalAddresses.Describe(LocalAddressKind.Loopback));
        }
        IPAddress[] addresses;
        try
        {
            addresses = await resolve(host, ct);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return new ResolvedHost([], HostNotResolved);
        }
        return addresses.Length == 0
            ? new ResolvedHost([], HostNotResolved)
            : new ResolvedHost(addresses, allowLocal ? null : LocalAddresses.Refusal(addresses));
    }
}
