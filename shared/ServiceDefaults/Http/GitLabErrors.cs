using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WvsMesh.ServiceDefaults.Http;

/// <summary>GitLab's <c>{"message": …}</c> error body; the message is a string or, for pipeline errors, <c>{"base":[…]}</c>.</summary>
public sealed record GitLabMessage(object Message);

/// <summary>GitLab's parameter-validation body, <c>{"error": "ref is missing"}</c>.</summary>
public sealed record GitLabError(string Error);

/// <summary>
/// A parameter bound before any handler runs (e.g. <see cref="Pagination"/>) that Grape would refuse: answered 400
/// <c>{"error":"&lt;parameter&gt; is invalid"}</c> by <see cref="GitLabErrors.HandleUnexpected"/>.
/// </summary>
public sealed class GitLabParameterException(string parameter)
    : BadHttpRequestException($"{parameter} is invalid", StatusCodes.Status400BadRequest)
{
    /// <summary>The parameter's name.</summary>
    public string Parameter { get; } = parameter;
}

/// <summary>The one place outcomes become GitLab-shaped errors: the exact statuses and texts of GitLab's API.</summary>
public static class GitLabErrors
{
    /// <summary>401 <c>{"message":"401 Unauthorized"}</c>.</summary>
    public static JsonHttpResult<GitLabMessage> Unauthorized() => Status(StatusCodes.Status401Unauthorized, "401 Unauthorized");

    /// <summary>403 <c>{"message":"403 Forbidden"}</c>.</summary>
    public static JsonHttpResult<GitLabMessage> Forbidden() => Status(StatusCodes.Status403Forbidden, "403 Forbidden");

    /// <summary>404 with GitLab's text: <c>404 Not Found</c>, or e.g. <c>404 Project Not Found</c> when <paramref name="what"/> is given.</summary>
    public static NotFound<GitLabMessage> NotFound(string? what = null) =>
        TypedResults.NotFound(new GitLabMessage(what is null ? "404 Not Found" : $"404 {what} Not Found"));

    /// <summary>400 <c>{"error":"&lt;param&gt; is missing"}</c>, Grape's parameter validation.</summary>
    public static BadRequest<GitLabError> Missing(string parameter) => TypedResults.BadRequest(new GitLabError($"{parameter} is missing"));

    /// <summary>400 <c>{"error":"&lt;param&gt; is empty"}</c>.</summary>
    public static BadRequest<GitLabError> Empty(string parameter) => TypedResults.BadRequest(new GitLabError($"{parameter} is empty"));

    /// <summary>400 <c>{"error":"&lt;param&gt; is invalid"}</c>.</summary>
    public static BadRequest<GitLabError> Invalid(string parameter) => TypedResults.BadRequest(new GitLabError($"{parameter} is invalid"));

    /// <summary>400 <c>{"message":{"base":["…"]}}</c>, how GitLab reports a pipeline that could not be created.</summary>
    public static BadRequest<GitLabMessage> PipelineNotCreated(string reason) =>
        TypedResults.BadRequest(new GitLabMessage(new Dictionary<string, string[]> { ["base"] = [reason] }));

    /// <summary>400 for a body that is neither a readable form nor a JSON object (see <see cref="GitLabParameters.Malformed"/>).</summary>
    public static BadRequest<GitLabMessage> MalformedBody() =>
        TypedResults.BadRequest(new GitLabMessage("400 Bad request - the body is neither a readable form nor a JSON object"));

    /// <summary>GitLab's text for a protected ref the pipeline's user may not run pipelines on.</summary>
    public static string ProtectedRefDenied(string refName) =>
        $"You do not have sufficient permission to run a pipeline on '{refName}'. Please select a different branch or contact your administrator for assistance.";

    /// <summary>Any status with a plain <c>{"message": …}</c> body.</summary>
    public static JsonHttpResult<GitLabMessage> Status(int statusCode, string message) =>
        TypedResults.Json(new GitLabMessage(message), statusCode: statusCode);

    /// <summary>
    /// 429 as GitLab's application rate limiter answers it, with <c>Retry-After</c> in seconds.
    /// </summary>
    public static async ValueTask TooManyRequestsAsync(Microsoft.AspNetCore.RateLimiting.OnRejectedContext rejected, CancellationToken ct)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(
            new GitLabMessage(new Dictionary<string, string> { ["error"] = "This endpoint has been requested too many times. Try again later." }),
            GitLabJson.Options, ct);
    }

    /// <summary>Unexpected failures answer 500 in GitLab's shape, with no stack trace or internal name.</summary>
    public static void HandleUnexpected(IApplicationBuilder app) => app.Run(async context =>
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is GitLabParameterException invalid)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new GitLabError($"{invalid.Parameter} is invalid"), GitLabJson.Options, context.RequestAborted);
            return;
        }
        var (status, message) = error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "413 Request Entity Too Large"),
            BadHttpRequestException bad => (bad.StatusCode, "400 Bad request"),
            _ => (500, "500 Internal Server Error"),
        };
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new GitLabMessage(message), GitLabJson.Options, context.RequestAborted);
    });
}
