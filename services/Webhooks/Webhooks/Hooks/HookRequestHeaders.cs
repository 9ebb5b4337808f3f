using System.Globalization;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Webhooks.Hooks;

/// <summary>
/// The headers of one hook request, in the order GitLab's delivery log shows them. <c>X-Gitlab-Webhook-UUID</c> is new
/// for every request; <c>X-Gitlab-Event-UUID</c> names the event; <c>Idempotency-Key</c> (and Standard Webhooks'
/// <c>webhook-id</c>, the same value) stays the same across the retries and resends of one event. As in GitLab 19,
/// <c>webhook-id</c> and <c>webhook-timestamp</c> go with every request and <c>webhook-signature</c> only when the hook
/// has a signing token.
/// </summary>
internal static class HookRequestHeaders
{
    public const string UserAgent = "GitLab/19.0.0 WvsMesh";

    public const string TokenHeader = "X-Gitlab-Token";

    public const string Redacted = "[REDACTED]";

    /// <summary>The headers to send (the secret token among them, in plain text, as GitLab sends it).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(
        HookEvent hookEvent, HookSecrets secrets, string instanceUrl, Guid webhookUuid, DateTimeOffset sentAt, ReadOnlySpan<byte> body)
    {
        var timestamp = sentAt.ToUnixTimeSeconds();
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/json"),
            new("User-Agent", UserAgent),
            new("Idempotency-Key", hookEvent.IdempotencyKey),
            new("X-Gitlab-Event", PipelineHookPayload.EventName),
            new("X-Gitlab-Webhook-UUID", webhookUuid.ToString("D")),
            new("X-Gitlab-Instance", instanceUrl.TrimEnd('/')),
            new("X-Gitlab-Event-UUID", hookEvent.Uuid),
        };
        if (!string.IsNullOrEmpty(secrets.Token))
        {
            headers.Add(new(TokenHeader, secrets.Token));
        }
        headers.Add(new(DeliverySignatureHeaders.Id, hookEvent.IdempotencyKey));
        headers.Add(new(DeliverySignatureHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(secrets.SigningToken))
        {
            // The signature may be logged (GitLab does): it is a digest of the payload, not the key.
            headers.Add(new(DeliverySignatureHeaders.Signature, StandardWebhookSignature.Sign(secrets.SigningToken, hookEvent.IdempotencyKey, timestamp, body)));
        }
        return headers;
    }

    /// <summary>The headers as the delivery log keeps them: the secret token replaced by <c>[REDACTED]</c>.</summary>
    public static Dictionary<string, string> Loggable(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.ToDictionary(
            header => header.Key,
            header => header.Key.Equals(TokenHeader, StringComparison.OrdinalIgnoreCase) ? Redacted : header.Value,
            StringComparer.OrdinalIgnoreCase);
}
