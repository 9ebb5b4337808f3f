using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Triggering;

/// <summary>
/// <c>POST /projects/:id/(ref/:ref/)trigger/pipeline</c> from request to answer, in GitLab's order: parameters (Grape's
/// validation), the pipeline-hook loop guard, then <see cref="PipelineTrigger"/>. The API form and the webhook form
/// both come through here (<c>TriggerPipelineApi</c>).
/// </summary>
internal sealed class TriggerRequestHandler(PipelineTrigger trigger, IOptions<TokensOptions> options)
{
    public async Task<TriggerAnswer> HandleAsync(TriggerCall call, CancellationToken ct)
    {
        var query = call.Query.GroupBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(group => new KeyValuePair<string, StringValues>(group.Key, group.Select(pair => pair.Value).ToArray()))
            .ToList();
        var parameters = await GitLabParameters.FromBodyAsync(query, call.ContentType, call.Body, ct);
        // A webhook sender cannot fix its body; there, an unreadable body only contributes no parameters. An ambiguous one
        // (a repeated key, a lone surrogate, a NUL) is refused on both URLs (#13).
        if (parameters.Malformed && (!call.IsWebhook || parameters.Invalid))
        {
            return TriggerAnswer.Of(StatusCodes.Status400BadRequest, GitLabErrors.MalformedBody().Value);
        }
        var route = new Dictionary<string, string> { ["id"] = call.ProjectId };
        if (call.RouteRef is { } routeRef)
        {
            route["ref"] = routeRef;
        }
        var (read, error) = TriggerParametersReader.Read(
            parameters.Query, parameters.Form, parameters.Json, route, options.Value.MaxVariables, call.PresentedTokenDigest);
        if (error is { IsValidation: true })
        {
            return TriggerAnswer.Of(StatusCodes.Status400BadRequest, new GitLabError(error.Text));
        }
        // A pipeline event webhook pointed at this URL would trigger itself forever.
        if (call.IsPipelineHook)
        {
            return TriggerAnswer.Of(StatusCodes.Status403Forbidden, new GitLabMessage("403 Forbidden"));
        }
        if (read is null)
        {
            return TriggerAnswer.Of(StatusCodes.Status400BadRequest, new GitLabMessage(error?.Text ?? "400 Bad request"));
        }
        var outcome = await trigger.TriggerAsync(ProjectRef.Parse(call.ProjectId), read, call, ct);
        return Answer(outcome) with { ProjectId = outcome.ProjectId };
    }

    private static TriggerAnswer Answer(TriggerOutcome outcome) => outcome switch
    {
        TriggerOutcome.Created created => TriggerAnswer.Of(StatusCodes.Status201Created, created.Pipeline) with
        {
            PipelineId = created.Pipeline.Id,
            Location = created.Pipeline.WebUrl,
        },
        TriggerOutcome.Refused refused => TriggerAnswer.Of(StatusCodes.Status400BadRequest, Base(refused.Message)),
        TriggerOutcome.Failed failed => TriggerAnswer.Of(StatusCodes.Status422UnprocessableEntity, Base(failed.Message)) with { PipelineId = failed.PipelineId },
        TriggerOutcome.Throttled throttled => TriggerAnswer.Of(StatusCodes.Status429TooManyRequests, Base(throttled.Message)) with
        {
            RetryAfterSeconds = throttled.RetryAfterSeconds,
        },
        TriggerOutcome.Pending pending => TriggerAnswer.Of(StatusCodes.Status202Accepted, new PendingPipeline("202 Accepted", pending.RequestId)),
        TriggerOutcome.JobNotRunning => TriggerAnswer.Of(StatusCodes.Status401Unauthorized, new GitLabMessage("Job is not running")),
        TriggerOutcome.Unauthorized unauthorized => TriggerAnswer.Of(StatusCodes.Status401Unauthorized, new GitLabMessage($"401 Unauthorized - {unauthorized.Problem}")),
        _ => TriggerAnswer.Of(StatusCodes.Status404NotFound, new GitLabMessage("404 Not Found")),
    };

    private static GitLabMessage Base(string message) => new(new Dictionary<string, string[]> { ["base"] = [message] });
}

/// <summary>202 body when Pipelines has not answered yet.</summary>
internal sealed record PendingPipeline(string Message, Guid RequestId);
