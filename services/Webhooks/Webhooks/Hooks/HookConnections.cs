using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Network;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>A hook's connection went to, or would have gone to, a local address.</summary>
internal sealed class LocalAddressRefusedException(string message) : IOException(message);

/// <summary>
/// The HTTP clients hooks are sent with: one verifying TLS certificates, one not (a hook's
/// <c>enable_ssl_verification=false</c>). Each connection resolves the host itself and refuses local addresses unless
/// <see cref="WebhooksOptions.AllowLocalRequests"/>, then connects to the very address it checked — a name that resolved
/// to a public address when the hook was saved and to 127.0.0.1 now (DNS rebinding) is still refused. No proxy (it would
/// make the proxy the checked address), no redirects (a 3xx is a failed attempt, as the target is not asked twice).
/// </summary>
internal sealed class HookConnections : IDisposable
{
    private readonly bool _allowLocal;
    private readonly HttpClient _verifying;
    private readonly HttpClient _trusting;

    public HookConnections(IOptions<WebhooksOptions> options)
    {
        _allowLocal = options.Value.AllowLocalRequests;
        _verifying = new HttpClient(Handler(verifyCertificates: true), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _trusting = new HttpClient(Handler(verifyCertificates: false), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient For(bool verifyCertificates) => verifyCertificates ? _verifying : _trusting;

    public void Dispose()
    {
        _verifying.Dispose();
        _trusting.Dispose();
    }

    private SocketsHttpHandler Handler(bool verifyCertificates)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        if (!verifyCertificates)
        {
            // The hook's owner turned verification off (GitLab's enable_ssl_verification=false) for a self-signed receiver.
#pragma warning disable CA5359 // Certificate validation is disabled on purpose, per hook, by its maintainer.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        return handler;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!_allowLocal && LocalAddresses.Refusal(addresses) is { } refusal)
        {
            throw new LocalAddressRefusedException(refusal);
        }
        Exception? failure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw failure ?? new SocketException((int)SocketError.HostNotFound);
    }
}
