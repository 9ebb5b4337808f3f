using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Tokens;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Webhooks.Deliveries;

/// <summary>What the webhook form answers: status, JSON body and the headers that go with them.</summary>
internal sealed record DeliveryAnswer(int StatusCode, string Body, string? Location = null, int? RetryAfterSeconds = null);

/// <summary>
/// Takes one delivery on <c>POST /projects/:id/ref/:ref/trigger/pipeline</c>: bounds and records it, relays it to Tokens
/// (which handles it exactly as the API form) and records what became of it. The token never reaches the log: only its
/// digest travels when it came in the query string or <c>X-Gitlab-Token</c>, and any copy in the body is masked in the record.
/// </summary>
internal sealed class TriggerDeliveryReceiver(
    TriggerDeliveryStore deliveries,
    IRequestClient<TriggerRequested> tokens,
    IOptions<WebhooksOptions> options,
    TimeProvider clock,
    ILogger<TriggerDeliveryReceiver> logger)
{
    /// <summary>Headers that name a delivery, in order of preference; a repeat of one returns the first delivery's pipeline.</summary>
    private static readonly string[] DeliveryKeyHeaders = ["X-Gitlab-Event-UUID", "X-GitHub-Delivery", DeliverySignatureHeaders.Id, "Idempotency-Key"];

    public async Task<DeliveryAnswer> ReceiveAsync(string projectId, string refName, HttpRequest request, CancellationToken ct)
    {
        var headers = request.Headers;
        var delivery = new TriggerDelivery
        {
            Uuid = NewId.NextGuid(),
            ProjectRef = projectId,
            Ref = refName,
            DeliveryKey = DeliveryKeyHeaders.Select(name => headers[name].ToString()).FirstOrDefault(value => value.Length > 0) is { } key
                ? Bounded(key, 255)
                : null,
            Event = (headers["X-Gitlab-Event"].ToString() is { Length: > 0 } gitlab ? gitlab : headers["X-GitHub-Event"].ToString()) is { Length: > 0 } name
                ? Bounded(name, 255)
                : null,
            ContentType = request.ContentType is { } type ? Bounded(type, 255) : null,
            Size = request.ContentLength ?? 0,
            Outcome = "received",
            ReceivedAt = clock.GetUtcNow(),
        };

        // A pipeline event webhook pointed at this URL would trigger itself forever (GitLab answers 403 too).
        if (headers["X-Gitlab-Event"] == "Pipeline Hook")
        {
            return await RefuseAsync(delivery, StatusCodes.Status403Forbidden, "403 Forbidden", ct);
        }
        var body = await BoundedBody.ReadAsync(request, options.Value.MaxPayloadBytes, ct, options.Value.DrainLimitBytes);
        if (body is null)
        {
            return await RefuseAsync(delivery with { Size = Math.Max(delivery.Size, options.Value.MaxPayloadBytes + 1L) },
                StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large", ct);
        }

        var query = request.Query
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? "")))
            .ToList();
        var token = query.LastOrDefault(pair => pair.Key == "token").Value is { Length: > 0 } queryToken
            ? queryToken
            : headers["X-Gitlab-Token"].ToString() is { Length: > 0 } headerToken ? headerToken : null;
        var bodyToken = (await GitLabParameters.FromBodyAsync([], request.ContentType, body, ct)).Get("token");
        delivery = await deliveries.InsertAsync(
            delivery with { Size = body.Length, Body = PayloadRedaction.WithoutToken(PayloadRedaction.WithoutToken(body, token), bodyToken) }, ct);
        WebhooksLog.DeliveryReceived(logger, delivery.Id, delivery.ProjectRef, delivery.Size);

        TriggerAnswered answer;
        try
        {
            var response = await tokens.GetResponse<TriggerAnswered>(new TriggerRequested
            {
                DeliveryId = delivery.Uuid,
                ProjectId = projectId,
                Ref = refName,
                Query = query.Where(pair => pair.Key != "token").ToList(),
                Body = body,
                ContentType = request.ContentType,
                TokenDigest = token is null ? null : TokenDigest.Of(token),
                DeliveryKey = delivery.DeliveryKey,
                SignatureHeaders = DeliverySignatureHeaders.From(headers),
                ClientAddress = ServiceDefaults.Identity.ClientAddress.Of(request),
            }, ct);
            answer = response.Message;
        }
        catch (RequestTimeoutException)
        {
            // The request stays on the queue; Tokens and Pipelines will still act on it.
            await CompleteUnansweredAsync(delivery, StatusCodes.Status202Accepted, "pending", "Tokens did not answer in time; the delivery stays queued", ct);
            return new DeliveryAnswer(StatusCodes.Status202Accepted, JsonSerializer.Serialize(new GitLabMessage("202 Accepted"), GitLabJson.Options));
        }
        catch (RequestFaultException)
        {
            // Tokens or Pipelines failed unexpectedly (their logs say why); the log shows the delivery did not go through.
            await CompleteUnansweredAsync(delivery, StatusCodes.Status500InternalServerError, "error", "500 Internal Server Error", ct);
            throw;
        }

        var completed = delivery with
        {
            ProjectId = answer.ProjectId,
            StatusCode = answer.StatusCode,
            Outcome = answer.StatusCode switch
            {
                StatusCodes.Status201Created => "created",
                StatusCodes.Status202Accepted => "pending",
                StatusCodes.Status422UnprocessableEntity => "failed",
                _ => "refused",
            },
            Message = answer.StatusCode is StatusCodes.Status201Created ? null : TriggerDeliveries.MessageOf(answer.Body),
            PipelineId = answer.PipelineId,
            CompletedAt = clock.GetUtcNow(),
        };
        var repeated = await deliveries.CompleteAsync(completed, ct);
        WebhooksLog.DeliveryCompleted(logger, delivery.Id, answer.StatusCode, repeated ? "duplicate" : completed.Outcome, answer.PipelineId);
        WebhooksTelemetry.Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", repeated ? "duplicate" : completed.Outcome));
        return new DeliveryAnswer(answer.StatusCode, answer.Body, answer.Location, answer.RetryAfterSeconds);
    }

    private async Task CompleteUnansweredAsync(TriggerDelivery delivery, int statusCode, string outcome, string message, CancellationToken ct) =>
        await deliveries.CompleteAsync(delivery with { StatusCode = statusCode, Outcome = outcome, Message = message, CompletedAt = clock.GetUtcNow() }, ct);

    private async Task<DeliveryAnswer> RefuseAsync(TriggerDelivery delivery, int statusCode, string message, CancellationToken ct)
    {
        // Refused before the project is known: filed under the project only if the route named it by numeric id.
        var refused = await deliveries.InsertAsync(delivery with
        {
            ProjectId = long.TryParse(delivery.ProjectRef, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? id
                : null,
            StatusCode = statusCode,
            Outcome = "refused",
            Message = message,
            CompletedAt = clock.GetUtcNow(),
        }, ct);
        WebhooksLog.DeliveryCompleted(logger, refused.Id, statusCode, "refused", null);
        WebhooksTelemetry.Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        return new DeliveryAnswer(statusCode, JsonSerializer.Serialize(new GitLabMessage(message), GitLabJson.Options));
    }

    private static string Bounded(string value, int length) => value.Length > length ? value[..length] : value;
}
