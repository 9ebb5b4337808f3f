namespace WvsMesh.Contracts.Tokens;

/// <summary>
/// Webhooks received a delivery on the webhook form of the trigger URL and asks Tokens to handle it exactly as the API form:
/// the same parameter reading, token checks, impersonation and <c>PipelineRequested</c>. The token itself does not travel
/// when it came in the query string or <c>X-Gitlab-Token</c>: only its SHA-256 digest does. Answered by <see cref="TriggerAnswered"/>.
/// </summary>
public sealed record TriggerRequested
{
    /// <summary>The delivery's id in the Webhooks service.</summary>
    public required Guid DeliveryId { get; init; }

    /// <summary>The project from the URL: numeric id or URL-decoded full path.</summary>
    public required string ProjectId { get; init; }

    /// <summary>The ref from the URL, URL-decoded (<c>feature%2Fx</c> arrives as <c>feature/x</c>); it wins over any ref in the payload.</summary>
    public required string Ref { get; init; }

    /// <summary>The query string's parameters in order, without <c>token</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>The body exactly as it arrived (bounded by the Webhooks size limit).</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>The body's <c>Content-Type</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>SHA-256 (hex) of the token when it came in the query string or <c>X-Gitlab-Token</c>; null when it is in the body.</summary>
    public string? TokenDigest { get; init; }

    /// <summary>The sender's delivery id (<c>X-Gitlab-Event-UUID</c>, <c>X-GitHub-Delivery</c>, <c>webhook-id</c>): a repeat returns the first pipeline.</summary>
    public string? DeliveryKey { get; init; }

    /// <summary>Signature headers, lower-case names: <c>x-hub-signature-256</c>, <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>.</summary>
    public IReadOnlyDictionary<string, string> SignatureHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The sender's address, for the token's last-used record.</summary>
    public string? ClientAddress { get; init; }
}

/// <summary>Tokens' answer to <see cref="TriggerRequested"/>: the HTTP answer the API form would have given.</summary>
public sealed record TriggerAnswered
{
    /// <summary>The delivery this answers.</summary>
    public required Guid DeliveryId { get; init; }

    /// <summary>HTTP status: 201, 202, 400, 401, 403, 404, 422 or 429.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The JSON body (GitLab's pipeline entity, or its error body).</summary>
    public required string Body { get; init; }

    /// <summary>The project's numeric id, when the project exists.</summary>
    public long? ProjectId { get; init; }

    /// <summary>The pipeline created (or, for a repeated delivery, created the first time).</summary>
    public long? PipelineId { get; init; }

    /// <summary>The pipeline's page (the <c>Location</c> of a 201).</summary>
    public string? Location { get; init; }

    /// <summary>Seconds to wait before retrying (a 429).</summary>
    public int? RetryAfterSeconds { get; init; }
}
