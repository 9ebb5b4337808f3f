namespace WvsMesh.Contracts.Tokens;

/// <summary>
/// Tokens answered a request on the webhook form of the trigger URL (<c>POST /projects/:id/ref/:ref/trigger/pipeline</c>):
/// what arrived and what became of it, for the delivery log that Webhooks keeps. Published before the answer is sent,
/// once per request; a consumer keys it by <see cref="DeliveryId"/>, so a redelivered event is one delivery. Never
/// carries the token: <see cref="Body"/> has every copy of it masked.
/// </summary>
public sealed record TriggerDeliveryHandled
{
    /// <summary>The delivery's own id (the log's <c>uuid</c>), new for every request: the idempotency key.</summary>
    public required Guid DeliveryId { get; init; }

    /// <summary>W3C trace id of the request, the correlation id of everything it causes.</summary>
    public string? TraceId { get; init; }

    /// <summary>The project as the URL named it: numeric id or URL-decoded full path.</summary>
    public required string ProjectRef { get; init; }

    /// <summary>The project's numeric id, when the delivery belongs to a project (the log files it there); null otherwise.</summary>
    public long? ProjectId { get; init; }

    /// <summary>The ref from the URL, URL-decoded (<c>feature%2Fx</c> is <c>feature/x</c>).</summary>
    public required string Ref { get; init; }

    /// <summary>The sender's delivery id (<c>X-Gitlab-Event-UUID</c>, <c>X-GitHub-Delivery</c>, <c>webhook-id</c>, <c>Idempotency-Key</c>).</summary>
    public string? DeliveryKey { get; init; }

    /// <summary>The sender's event name (<c>X-Gitlab-Event</c> or <c>X-GitHub-Event</c>).</summary>
    public string? Event { get; init; }

    /// <summary>The body's <c>Content-Type</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>The body's size in bytes (for a body over the limit, at least the limit plus one).</summary>
    public required long Size { get; init; }

    /// <summary>The body as it arrived with the token masked; null when it was not read (over the limit).</summary>
    public byte[]? Body { get; init; }

    /// <summary>The HTTP status of the answer.</summary>
    public required int StatusCode { get; init; }

    /// <summary><c>created</c>, <c>pending</c> (202), <c>failed</c> (422), <c>refused</c> (any other 4xx) or <c>error</c> (5xx).</summary>
    public required string Outcome { get; init; }

    /// <summary>The error text of the answer (its <c>message</c> or <c>error</c>); null for a created pipeline.</summary>
    public string? Message { get; init; }

    /// <summary>The pipeline created (or, for a repeated delivery key, created the first time), or the failed one of a 422.</summary>
    public long? PipelineId { get; init; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When it was answered.</summary>
    public required DateTimeOffset CompletedAt { get; init; }
}
