using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WvsMesh.Pipelines.Execution;
using WvsMesh.ServiceDefaults.Http;

namespace WvsMesh.Pipelines.Api;

/// <summary>
/// GitLab's runner protocol, the part a shell runner uses: <c>POST /jobs/request</c> (long poll; 201 with a job, 204 without),
/// <c>PUT /jobs/:id</c> (status, with the job token) and <c>PATCH /jobs/:id/trace</c> (log, <c>JOB-TOKEN</c> and
/// <c>Content-Range</c>; 416 with the accepted <c>Range</c> when a piece does not continue the log).
/// </summary>
internal static class RunnerJobsApi
{
    private const int MaxTraceChunkBytes = 1024 * 1024;

    public static RouteGroupBuilder MapRunnerJobsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/jobs").WithTags("Runner jobs");
        group.MapPost("/request", RequestJob);
        group.MapPut("/{jobId:long}", UpdateJob);
        group.MapPatch("/{jobId:long}/trace", AppendTrace).WithBodyLimit(MaxTraceChunkBytes);
        return group;
    }

    private static async Task<Results<Created<JobPayload>, NoContent, JsonHttpResult<GitLabMessage>>> RequestJob(
        GitLabParameters parameters, JobRuns runs, CancellationToken ct)
    {
        var runner = parameters.Get("token") is { Length: > 0 } token ? await runs.RunnerAsync(token, ct) : null;
        if (runner is null)
        {
            return GitLabErrors.Forbidden();
        }
        return await runs.RequestAsync(runner, ct) is { } job ? TypedResults.Created((string?)null, job) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> UpdateJob(
        long jobId, GitLabParameters parameters, JobRuns runs, CancellationToken ct)
    {
        if (parameters.Get("token") is not { Length: > 0 } token)
        {
            return GitLabErrors.Forbidden();
        }
        if (parameters.Get("state") is { } state && state is not ("running" or "success" or "failed" or "canceled"))
        {
            return TypedResults.BadRequest(new GitLabError("state does not have a valid value"));
        }
        var report = await runs.UpdateAsync(jobId, token, parameters.Get("state") ?? "running", parameters.Get("failure_reason"), ct);
        return report == JobReport.Accepted ? TypedResults.Ok() : GitLabErrors.Forbidden();
    }

    private static async Task<Results<Accepted, JsonHttpResult<GitLabMessage>, StatusCodeHttpResult>> AppendTrace(
        long jobId, HttpRequest request, JobRuns runs, CancellationToken ct)
    {
        if (request.Headers["JOB-TOKEN"].ToString() is not { Length: > 0 } token)
        {
            return GitLabErrors.Forbidden();
        }
        var body = await BoundedBody.ReadAsync(request, MaxTraceChunkBytes, ct);
        if (body is null)
        {
            return GitLabErrors.Status(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large");
        }
        var range = request.Headers["Content-Range"].ToString();
        long? start = range.Length == 0 ? null : StartOf(range) ?? -1;
        var (report, appended, length) = await runs.AppendTraceAsync(jobId, token, start, body, ct);
        if (report != JobReport.Accepted)
        {
            return GitLabErrors.Forbidden();
        }
        request.HttpContext.Response.Headers["Range"] = $"0-{length.ToString(CultureInfo.InvariantCulture)}";
        request.HttpContext.Response.Headers["Job-Status"] = "running";
        return appended || body.Length == 0 ? TypedResults.Accepted((string?)null) : TypedResults.StatusCode(StatusCodes.Status416RangeNotSatisfiable);
    }

    /// <summary>The first byte of <c>Content-Range: &lt;start&gt;-&lt;end&gt;</c>.</summary>
    private static long? StartOf(string range)
    {
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(range.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }
}
