using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Network;
using WvsMesh.Webhooks.Hooks;
using Xunit;

namespace WvsMesh.Webhooks.Tests.Hooks;

/// <summary>
/// The send-time guard: every connection resolves its host and refuses local addresses before it connects, so a hook
/// whose name resolves to a local address only later (DNS rebinding) is refused all the same.
/// </summary>
public sealed class Connecting_to_hook_receivers
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Local_receivers_are_refused_before_any_connection(string host)
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var connections = new HookConnections(Options.Create(new WebhooksOptions { AllowLocalRequests = false }));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            connections.For(verifyCertificates: true).PostAsync(new Uri($"http://{host}:{port}/hook"), null, ct));

        Assert.IsType<LocalAddressRefusedException>(error.InnerException ?? error);
        Assert.Equal("Requests to loopback addresses are not allowed", error.InnerException?.Message);
        Assert.False(listener.Pending(), "a connection reached the receiver");
    }

    [Fact]
    public async Task Local_receivers_are_reached_when_local_requests_are_allowed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var connections = new HookConnections(Options.Create(new WebhooksOptions { AllowLocalRequests = true }));

        var request = connections.For(verifyCertificates: true).PostAsync(new Uri($"http://127.0.0.1:{port}/hook"), null, ct);
        using var accepted = await listener.AcceptTcpClientAsync(ct);
        await using var stream = accepted.GetStream();
        var buffer = new byte[4096];
        _ = await stream.ReadAsync(buffer, ct);
        await stream.WriteAsync("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), ct);
        using var response = await request;

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
