using System.Text;
using WvsMesh.Webhooks.Hooks;
using Xunit;

namespace WvsMesh.Webhooks.Tests.Hooks;

/// <summary>The headers of a hook request, and what the delivery log keeps of them.</summary>
public sealed class Sending_hook_headers
{
    private static readonly HookEvent Event = new()
    {
        Uuid = "9cebe914-4827-408f-b014-cfa23a47a35f",
        IdempotencyKey = "3a427872-00df-429c-9bc9-a9475de2efe4",
        PipelineStatus = "created",
        HookTrigger = PipelineHookPayload.Trigger,
        Payload = """{"object_kind":"pipeline"}""",
        State = "pending",
    };

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1700000000);

    private static readonly Guid WebhookUuid = Guid.Parse("3c5c0404-c866-44bc-a5f6-452bb1bfc76e");

    private static IReadOnlyList<KeyValuePair<string, string>> Headers(HookSecrets secrets) =>
        HookRequestHeaders.Build(Event, secrets, "https://wvs.example/", WebhookUuid, SentAt, Encoding.UTF8.GetBytes(Event.Payload));

    [Fact]
    public void A_hook_without_tokens_gets_gitlabs_headers_and_no_secret()
    {
        var headers = Headers(new HookSecrets(null, null));

        Assert.Equal(
            [
                new("Content-Type", "application/json"),
                new("User-Agent", HookRequestHeaders.UserAgent),
                new("Idempotency-Key", Event.IdempotencyKey),
                new("X-Gitlab-Event", "Pipeline Hook"),
                new("X-Gitlab-Webhook-UUID", WebhookUuid.ToString()),
                new("X-Gitlab-Instance", "https://wvs.example"),
                new("X-Gitlab-Event-UUID", Event.Uuid),
                new("webhook-id", Event.IdempotencyKey),
                new("webhook-timestamp", "1700000000"),
            ],
            headers);
    }

    [Fact]
    public void The_secret_token_is_sent_but_logged_redacted()
    {
        var headers = Headers(new HookSecrets("my-secret-token-value", null));

        Assert.Contains(new KeyValuePair<string, string>("X-Gitlab-Token", "my-secret-token-value"), headers);
        var logged = HookRequestHeaders.Loggable(headers);
        Assert.Equal("[REDACTED]", logged["X-Gitlab-Token"]);
        Assert.DoesNotContain(logged.Values, value => value.Contains("my-secret-token-value", StringComparison.Ordinal));
    }

    [Fact]
    public void A_signing_token_adds_the_signature_over_the_idempotency_key_timestamp_and_body()
    {
        var headers = Headers(new HookSecrets(null, "plain-signing-secret")).ToDictionary(h => h.Key, h => h.Value);

        Assert.Equal("v1,NG+Pe/wlUPyUXrO8dtMfYX4WE0T6p8zqoBIFsw+Xges=", headers["webhook-signature"]);
        Assert.Equal(headers["Idempotency-Key"], headers["webhook-id"]);
        Assert.DoesNotContain(headers.Values, value => value.Contains("plain-signing-secret", StringComparison.Ordinal));
    }
}
