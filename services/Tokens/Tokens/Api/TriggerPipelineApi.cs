using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Domain;
using WvsMesh.Tokens.Triggering;

namespace WvsMesh.Tokens.Api;

/// <summary><c>POST /projects/:id/trigger/pipeline</c>: no user authentication, only the trigger token counts (as in GitLab).</summary>
internal static class TriggerPipelineApi
{
    /// <summary>202 body when Pipelines has not answered yet.</summary>
    internal sealed record PendingPipeline(string Message, Guid RequestId);

    public static RouteGroupBuilder MapTriggerPipelineApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}").WithTags("Trigger");
        group.MapPost("/trigger/pipeline", TriggerPipeline);
        return group;
    }

    private static async Task<Results<Created<PipelineSnapshot>, Accepted<PendingPipeline>, BadRequest<GitLabError>, BadRequest<GitLabMessage>,
        JsonHttpResult<GitLabMessage>>> TriggerPipeline(
        string projectId, GitLabParameters parameters, HttpRequest request, PipelineTrigger trigger,
        IOptions<TokensOptions> options, CancellationToken ct)
    {
        if (parameters.Malformed)
        {
            return GitLabErrors.MalformedBody();
        }
        var (read, error) = TriggerParametersReader.Read(
            parameters.Query, parameters.Form, parameters.Json, new Dictionary<string, string> { ["id"] = projectId }, options.Value.MaxVariables);
        if (error is { IsValidation: true })
        {
            return TypedResults.BadRequest(new GitLabError(error.Text));
        }
        // A pipeline event webhook pointed at this URL would trigger itself forever.
        if (request.Headers["X-Gitlab-Event"] == "Pipeline Hook")
        {
            return GitLabErrors.Forbidden();
        }
        if (read is null)
        {
            return TypedResults.BadRequest(new GitLabMessage(error?.Text ?? "400 Bad request"));
        }

        var clientAddress = request.Headers[ClientAddress.Header].ToString() is { Length: > 0 } forwarded
            ? forwarded
            : request.HttpContext.Connection.RemoteIpAddress?.ToString();
        return await trigger.TriggerAsync(ProjectRef.Parse(projectId), read, clientAddress, ct) switch
        {
            TriggerOutcome.Created created => TypedResults.Created(created.Pipeline.WebUrl, created.Pipeline),
            TriggerOutcome.Refused refused => GitLabErrors.PipelineNotCreated(refused.Message),
            TriggerOutcome.Throttled throttled => Throttle(request.HttpContext, throttled),
            TriggerOutcome.Failed failed => TypedResults.Json(new GitLabMessage(Base(failed.Message)), statusCode: StatusCodes.Status422UnprocessableEntity),
            TriggerOutcome.Pending pending => TypedResults.Accepted((string?)null, new PendingPipeline("202 Accepted", pending.RequestId)),
            _ => GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not Found"),
        };
    }

    private static Dictionary<string, string[]> Base(string message) => new() { ["base"] = [message] };

    /// <summary>429 with <c>Retry-After</c> and the IETF <c>RateLimit-*</c> headers GitLab sends.</summary>
    private static JsonHttpResult<GitLabMessage> Throttle(HttpContext context, TriggerOutcome.Throttled throttled)
    {
        var headers = context.Response.Headers;
        var seconds = throttled.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers.RetryAfter = seconds;
        headers["RateLimit-Remaining"] = "0";
        headers["RateLimit-Reset"] = seconds;
        return TypedResults.Json(new GitLabMessage(Base(throttled.Message)), statusCode: StatusCodes.Status429TooManyRequests);
    }
}
