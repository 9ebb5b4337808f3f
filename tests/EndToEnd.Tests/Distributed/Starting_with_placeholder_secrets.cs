using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Distributed;

/// <summary>
/// Outside the embedded mode a host refuses to start with the placeholders committed in deploy/compose/wvs.env.example,
/// naming the settings and never their values (#13).
/// </summary>
public sealed class Starting_with_placeholder_secrets
{
    private const string PlaceholderKey = "Y2hhbmdlLW1lLWlkZW50aXR5LWtleS0zMi1ieXRlcyE="; // wvs.env.example's WVS_IDENTITY_KEY
    private const string PlaceholderBus = "amqp://wvs:change-me-rabbitmq@127.0.0.1:1/";

    [Fact]
    public async Task A_distributed_host_with_the_example_secrets_refuses_to_start()
    {
        var environment = new Dictionary<string, string>
        {
            ["WVS_IDENTITY_KEY"] = PlaceholderKey,
            ["WVS_ENCRYPTION_KEY"] = "too-short-a-key",
            ["RabbitMq__Host"] = PlaceholderBus,
            ["WVS_ROOT_TOKEN"] = "change-me-root-token",
        };
        await using var gateway = HostProcess.Start("Gateway", HostProcess.FreePort(), environment);

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(
            () => gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        Assert.Contains("WVS_IDENTITY_KEY is the committed placeholder", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("WVS_ENCRYPTION_KEY is too short", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq__Host holds a committed placeholder", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("WVS_ROOT_TOKEN holds a committed placeholder", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PlaceholderKey, refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short-a-key", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("change-me-rabbitmq", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("change-me-root-token", refusal.Message, StringComparison.Ordinal);
    }
}
