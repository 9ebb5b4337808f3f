using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Tokens.Domain;
using WvsMesh.Tokens.Triggering;

namespace WvsMesh.Tokens.Api;

/// <summary>
/// Both trigger URLs, with no user authentication (only the trigger token counts, as in GitLab): the API form
/// <c>POST /projects/:id/trigger/pipeline</c> and the webhook form <c>POST /projects/:id/ref/:ref/trigger/pipeline</c>.
/// Each turns its request into a <see cref="TriggerCall"/> for the one <see cref="TriggerRequestHandler"/>; the webhook
/// form also tells the delivery log what became of it.
/// </summary>
internal static class TriggerPipelineApi
{
    private const string WebhookSuffix = "/trigger/pipeline";

    public static RouteGroupBuilder MapTriggerPipelineApi(this IEndpointRouteBuilder routes)
    {
        var options = routes.ServiceProvider.GetRequiredService<IOptions<TokensOptions>>().Value;
        var group = routes.MapGroup("/api/v4/projects/{projectId}").WithTags("Trigger");
        group.MapPost("/trigger/pipeline", TriggerPipeline).WithBodyLimit(options.MaxTriggerRequestBytes);
        // GitLab's route is ref/:ref/trigger/pipeline with ref matching /.+/: slashes may come encoded (%2F) or plain.
        group.MapPost("/ref/{**rest}", TriggerPipelineByWebhook).WithBodyLimit(options.WebhookDrainLimitBytes);
        return group;
    }

    private static async Task<Results<ContentHttpResult, JsonHttpResult<GitLabMessage>>> TriggerPipeline(
        string projectId, HttpRequest request, TriggerRequestHandler handler, IOptions<TokensOptions> options, CancellationToken ct)
    {
        // The body is read as sent: a signed token's signature covers these exact bytes.
        var body = await BoundedBody.ReadAsync(request, options.Value.MaxTriggerRequestBytes, ct);
        if (body is null)
        {
            return GitLabErrors.Status(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large");
        }
        var headers = request.Headers;
        var call = new TriggerCall
        {
            ProjectId = projectId,
            Query = request.Query.SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? ""))).ToList(),
            Body = body,
            ContentType = request.ContentType,
            PresentedTokenDigest = headers["X-Gitlab-Token"].ToString() is { Length: > 0 } token ? TokenDigest.Of(token) : null,
            IdempotencyKey = headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null,
            SignatureHeaders = DeliverySignatureHeaders.From(headers),
            IsPipelineHook = headers["X-Gitlab-Event"] == "Pipeline Hook",
            ClientAddress = ClientAddress.Of(request),
        };
        var answer = await handler.HandleAsync(call, ct);
        return Answer(request, answer);
    }

    /// <summary>
    /// The webhook form: any body (a sender cannot change what it sends) up to <see cref="TokensOptions.MaxWebhookPayloadBytes"/>,
    /// the URL's ref winning over the payload's, the token in the query string, <c>X-Gitlab-Token</c> or the body, and the
    /// sender's delivery id as the idempotency key. Every request is announced to the delivery log, refusals included.
    /// </summary>
    private static async Task<Results<ContentHttpResult, JsonHttpResult<GitLabMessage>>> TriggerPipelineByWebhook(
        string projectId, string rest, HttpRequest request, [AsParameters] WebhookServices services, CancellationToken ct)
    {
        if (!rest.EndsWith(WebhookSuffix, StringComparison.Ordinal) || rest.Length == WebhookSuffix.Length)
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not Found");
        }
        var delivery = WebhookDelivery.Of(projectId, Uri.UnescapeDataString(rest[..^WebhookSuffix.Length]), request, services.Clock.GetUtcNow());
        var options = services.Options.Value;
        var body = await BoundedBody.ReadAsync(request, options.MaxWebhookPayloadBytes, ct, options.WebhookDrainLimitBytes);
        if (body is null)
        {
            var tooLarge = TriggerAnswer.Of(StatusCodes.Status413PayloadTooLarge, new GitLabMessage("413 Request Entity Too Large"));
            await services.Deliveries.AnnounceAsync(delivery with { Size = Math.Max(delivery.Size, options.MaxWebhookPayloadBytes + 1L) }, null, tooLarge);
            return Answer(request, tooLarge);
        }

        // The token outside the body travels on only as its digest, so the parameters (and TRIGGER_PAYLOAD) never hold it.
        var headers = request.Headers;
        var query = request.Query
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? "")))
            .ToList();
        var token = query.LastOrDefault(pair => pair.Key == "token").Value is { Length: > 0 } queryToken
            ? queryToken
            : headers["X-Gitlab-Token"].ToString() is { Length: > 0 } headerToken ? headerToken : null;
        var call = new TriggerCall
        {
            ProjectId = projectId,
            RouteRef = delivery.Ref,
            Query = query.Where(pair => pair.Key != "token").ToList(),
            Body = body,
            ContentType = request.ContentType,
            PresentedTokenDigest = token is null ? null : TokenDigest.Of(token),
            IdempotencyKey = delivery.Key,
            SignatureHeaders = DeliverySignatureHeaders.From(headers),
            IsPipelineHook = headers["X-Gitlab-Event"] == "Pipeline Hook",
            ClientAddress = ClientAddress.Of(request),
            IsWebhook = true,
        };
        var kept = await TriggerDeliveryAnnouncer.KeptBodyAsync(body, request.ContentType, token, ct);
        TriggerAnswer answer;
        try
        {
            answer = await services.Handler.HandleAsync(call, ct);
        }
        catch (RequestFaultException)
        {
            // Pipelines failed unexpectedly (its log says why); the delivery log shows the delivery did not go through.
            await services.Deliveries.AnnounceAsync(delivery, kept, TriggerAnswer.Of(StatusCodes.Status500InternalServerError, new GitLabMessage("500 Internal Server Error")));
            throw;
        }
        await services.Deliveries.AnnounceAsync(delivery, kept, answer);
        return Answer(request, answer);
    }

    private static ContentHttpResult Answer(HttpRequest request, TriggerAnswer answer) =>
        TriggerAnswers.Json(request.HttpContext.Response, answer.StatusCode, answer.Body, answer.Location, answer.RetryAfterSeconds);
}

/// <summary>What the webhook form needs beyond the request.</summary>
internal sealed record WebhookServices(
    TriggerRequestHandler Handler, TriggerDeliveryAnnouncer Deliveries, IOptions<TokensOptions> Options, TimeProvider Clock);
