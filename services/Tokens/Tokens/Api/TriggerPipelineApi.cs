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

/// <summary><c>POST /projects/:id/trigger/pipeline</c>: no user authentication, only the trigger token counts (as in GitLab).</summary>
internal static class TriggerPipelineApi
{
    public static RouteGroupBuilder MapTriggerPipelineApi(this IEndpointRouteBuilder routes)
    {
        var maxBytes = routes.ServiceProvider.GetRequiredService<IOptions<TokensOptions>>().Value.MaxTriggerRequestBytes;
        var group = routes.MapGroup("/api/v4/projects/{projectId}").WithTags("Trigger");
        group.MapPost("/trigger/pipeline", TriggerPipeline).WithBodyLimit(maxBytes);
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
        return TriggerAnswers.Json(request.HttpContext.Response, answer.StatusCode, answer.Body, answer.Location, answer.RetryAfterSeconds);
    }
}
