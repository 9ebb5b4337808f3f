using System.Text.Json;
using WvsMesh.ServiceDefaults.Http;

namespace WvsMesh.Tokens.Triggering;

/// <summary>
/// One trigger request, whichever URL it came to: the API form, or the webhook form (<see cref="IsWebhook"/>). Both are
/// handled by the same <see cref="TriggerRequestHandler"/>.
/// </summary>
internal sealed record TriggerCall
{
    /// <summary>The project from the URL: numeric id or full path.</summary>
    public required string ProjectId { get; init; }

    /// <summary>The webhook form's ref from the URL; it wins over any ref in the parameters.</summary>
    public string? RouteRef { get; init; }

    /// <summary>The query string's parameters in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>The body as sent.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The body's content type.</summary>
    public string? ContentType { get; init; }

    /// <summary>The digest of a token presented outside the parameters (<c>X-Gitlab-Token</c>, or the webhook form's query).</summary>
    public string? PresentedTokenDigest { get; init; }

    /// <summary><c>Idempotency-Key</c> or the sender's delivery id: a repeat returns the first pipeline.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Signature headers by lower-case name.</summary>
    public IReadOnlyDictionary<string, string> SignatureHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the request carried <c>X-Gitlab-Event: Pipeline Hook</c>.</summary>
    public bool IsPipelineHook { get; init; }

    /// <summary>The caller's address, for the token's last-used record.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>A webhook delivery: any body is accepted, and the raw body reaches jobs as <c>TRIGGER_PAYLOAD_RAW</c>.</summary>
    public bool IsWebhook { get; init; }
}

/// <summary>The HTTP answer to a <see cref="TriggerCall"/>, as status and JSON, so both URLs answer alike.</summary>
internal sealed record TriggerAnswer(int StatusCode, string Body)
{
    public long? ProjectId { get; init; }

    public long? PipelineId { get; init; }

    public string? Location { get; init; }

    public int? RetryAfterSeconds { get; init; }

    public static TriggerAnswer Of<T>(int statusCode, T body) => new(statusCode, JsonSerializer.Serialize(body, GitLabJson.Options));
}
