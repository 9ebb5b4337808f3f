using System.Globalization;
using System.Net.Sockets;
using System.Text;
using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>
/// Issue #5, acceptance 5: the same cases through the YARP gateway with Tokens (which serves the webhook form, #14),
/// Pipelines and Webhooks (the delivery log) as separate processes over RabbitMQ and PostgreSQL.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Triggering_through_a_webhook_across_separate_hosts(DistributedHosts hosts) : WebhookTriggerScenarios
{
    protected override GitLabApiClient Root() => hosts.Api();

    protected override void Require() => hosts.Require();

    /// <summary>
    /// The gateway sends a body on while Tokens answers: a refusal given before the body was read ended in a reset
    /// connection, which the gateway answered 502 instead of the 413. Tokens reads a refused body to its end, so the
    /// same connection carries the next request.
    /// </summary>
    [Fact]
    public async Task An_oversized_payload_is_read_to_its_end_before_the_413_so_the_connection_stays_usable()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(hosts.Api(), "build:\n  script: 'true'\n", ct);
        var address = hosts.Tokens.Address;
        var body = new byte[(1024 * 1024) + (512 * 1024)];
        Array.Fill(body, (byte)'x');

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, ct);
        await using var stream = tcp.GetStream();
        var head = $"POST {ci.Path}/ref/main/trigger/pipeline?token={ci.Token} HTTP/1.1\r\nHost: {address.Authority}\r\n"
            + $"Content-Type: application/octet-stream\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await stream.WriteAsync(body, ct);
        var (status, answer) = await RawHttp.ReadAnswerAsync(stream, ct);
        Assert.True(status == 413, $"expected 413, got {status}: {answer}");

        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /healthz HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n"), ct);
        var (next, _) = await RawHttp.ReadAnswerAsync(stream, ct);
        Assert.Equal(200, next);
    }
}
