using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WvsMesh.Contracts.Tokens;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Tokens.Triggering;

/// <summary>What the delivery log keeps of a request on the webhook form, taken from its URL and headers on arrival.</summary>
internal sealed record WebhookDelivery
{
    /// <summary>Headers that name a delivery, in order of preference; a repeat of one returns the first delivery's pipeline.</summary>
    private static readonly string[] KeyHeaders = ["X-Gitlab-Event-UUID", "X-GitHub-Delivery", DeliverySignatureHeaders.Id, "Idempotency-Key"];

    public required Guid Uuid { get; init; }
    public required string ProjectRef { get; init; }
    public required string Ref { get; init; }
    public string? Key { get; init; }
    public string? Event { get; init; }
    public string? ContentType { get; init; }
    public required long Size { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    public static WebhookDelivery Of(string projectRef, string refName, HttpRequest request, DateTimeOffset now)
    {
        var headers = request.Headers;
        return new WebhookDelivery
        {
            Uuid = NewId.NextGuid(),
            ProjectRef = projectRef,
            Ref = refName,
            Key = KeyHeaders.Select(name => headers[name].ToString()).FirstOrDefault(value => value.Length > 0) is { } key ? Bounded(key) : null,
            Event = (headers["X-Gitlab-Event"].ToString() is { Length: > 0 } gitlab ? gitlab : headers["X-GitHub-Event"].ToString()) is { Length: > 0 } name
                ? Bounded(name)
                : null,
            ContentType = request.ContentType is { } type ? Bounded(type) : null,
            Size = request.ContentLength ?? 0,
            ReceivedAt = now,
        };
    }

    private static string Bounded(string value) => value.Length > 255 ? value[..255] : value;
}

/// <summary>
/// Tells the delivery log (Webhooks) what became of a request on the webhook form: one <see cref="TriggerDeliveryHandled"/>,
/// published before the answer goes out (publisher-confirmed on RabbitMQ), so every answered delivery reaches the log at
/// least once. The token never travels: each copy of it in the body is masked.
/// </summary>
internal sealed class TriggerDeliveryAnnouncer(IPublishEndpoint bus, TimeProvider clock, ILogger<TriggerDeliveryAnnouncer> logger)
{
    /// <summary>How long the answer waits for the broker to take the event; the answer goes out either way.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The body as the log keeps it: the token presented outside the body (<paramref name="presentedToken"/>) and any
    /// <c>token</c> parameter of the body itself masked wherever they occur.
    /// </summary>
    public static async Task<byte[]> KeptBodyAsync(byte[] body, string? contentType, string? presentedToken, CancellationToken ct)
    {
        var bodyToken = (await GitLabParameters.FromBodyAsync([], contentType, body, ct)).Get("token");
        return PayloadRedaction.WithoutToken(PayloadRedaction.WithoutToken(body, presentedToken), bodyToken);
    }

    public async Task AnnounceAsync(WebhookDelivery delivery, byte[]? keptBody, TriggerAnswer answer)
    {
        var handled = new TriggerDeliveryHandled
        {
            DeliveryId = delivery.Uuid,
            TraceId = Activity.Current?.TraceId.ToHexString(),
            ProjectRef = delivery.ProjectRef,
            ProjectId = answer.ProjectId ?? RefusedBeforeLookup(delivery, answer.StatusCode),
            Ref = delivery.Ref,
            DeliveryKey = delivery.Key,
            Event = delivery.Event,
            ContentType = delivery.ContentType,
            Size = delivery.Size,
            Body = keptBody,
            StatusCode = answer.StatusCode,
            Outcome = answer.StatusCode switch
            {
                StatusCodes.Status201Created => "created",
                StatusCodes.Status202Accepted => "pending",
                StatusCodes.Status422UnprocessableEntity => "failed",
                >= StatusCodes.Status500InternalServerError => "error",
                _ => "refused",
            },
            Message = answer.StatusCode is StatusCodes.Status201Created ? null : MessageOf(answer.Body),
            PipelineId = answer.PipelineId,
            ReceivedAt = delivery.ReceivedAt,
            CompletedAt = clock.GetUtcNow(),
        };
        // Not the request's token: a sender that hangs up must not cost the log its record.
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await bus.Publish(handled, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The trigger itself is done (or refused); its answer matters more than its line in the log.
            TokensLog.DeliveryNotAnnounced(logger, delivery.Uuid, e);
        }
    }

    /// <summary>
    /// A delivery refused before its project was looked up (a pipeline hook's 403, an oversized body's 413) is filed
    /// under the project only when the URL named it by numeric id.
    /// </summary>
    private static long? RefusedBeforeLookup(WebhookDelivery delivery, int statusCode) =>
        statusCode is StatusCodes.Status403Forbidden or StatusCodes.Status413PayloadTooLarge
            && long.TryParse(delivery.ProjectRef, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>The text of a GitLab error body (<c>message</c> or <c>error</c>), bounded for the log.</summary>
    private static string? MessageOf(string body)
    {
        try
        {
            var node = JsonNode.Parse(body);
            var message = node?["message"] ?? node?["error"];
            var text = message is JsonValue value ? value.ToString() : message?.ToJsonString();
            return text is { Length: > 1000 } ? text[..1000] : text;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
