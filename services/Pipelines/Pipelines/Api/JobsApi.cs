using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Pipelines.Data;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Pipelines.Api;

/// <summary>The pipeline a job belongs to, as GitLab's job entity embeds it.</summary>
internal sealed record JobPipelineEntity(long Id, long Iid, long ProjectId, string Ref, string Sha, string Status, string Source);

/// <summary>
/// GitLab's <c>Job</c> entity, plus <see cref="Triggered"/> (the "triggered" label) and <see cref="Trigger"/> (the token's
/// id, description and short form) for jobs of triggered pipelines.
/// </summary>
internal sealed record JobEntity(
    long Id, string Status, string Stage, string Name, string Ref, bool Tag, string When, bool AllowFailure,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, PipelineUser User,
    JobPipelineEntity Pipeline, string WebUrl, bool Triggered, TriggerReference? Trigger)
{
    public static JobEntity From(JobRecord job, PipelineRecord pipeline, string externalUrl)
    {
        var snapshot = pipeline.ToSnapshot(externalUrl);
        return new JobEntity(job.Id, job.Status, job.Stage, job.Name, pipeline.Ref, pipeline.Tag, job.RunWhen, job.AllowFailure,
            job.CreatedAt, job.StartedAt, job.FinishedAt, snapshot.User ?? throw new InvalidOperationException("pipeline without user"),
            new JobPipelineEntity(pipeline.Id, pipeline.Iid, pipeline.ProjectId, pipeline.Ref, pipeline.Sha, pipeline.Status, pipeline.Source),
            $"{externalUrl}/{pipeline.ProjectPath}/-/jobs/{job.Id}", pipeline.Source == "trigger", snapshot.Trigger);
    }
}

/// <summary>A trigger variable of a job's pipeline: the key for every reader, the value only for Maintainers and Owners.</summary>
internal sealed record TriggerVariableEntity(string Key, string? Value, string VariableType, bool Public);

/// <summary><c>/projects/:id/jobs</c>: Reporters and above read jobs; trigger variable values only for Maintainers and Owners.</summary>
internal static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/jobs")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Reporter)
            .WithTags("Jobs");
        group.MapGet("/", ListJobs);
        group.MapGet("/{jobId:long}", GetJob);
        group.MapGet("/{jobId:long}/variables", GetJobVariables);
        group.MapGet("/{jobId:long}/trace", GetJobTrace);
        return group;
    }

    private static async Task<Results<Ok<List<JobEntity>>, JsonHttpResult<GitLabMessage>>> ListJobs(
        CallerIdentity caller, Pagination page, HttpContext http, [AsParameters] JobServices services, CancellationToken ct)
    {
        var projectId = caller.ProjectId ?? 0;
        var (jobs, total) = await services.Jobs.ListByProjectAsync(projectId, page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(await services.PresentAsync(projectId, jobs, ct));
    }

    private static async Task<Results<Ok<JobEntity>, JsonHttpResult<GitLabMessage>>> GetJob(
        long jobId, CallerIdentity caller, [AsParameters] JobServices services, CancellationToken ct)
    {
        var projectId = caller.ProjectId ?? 0;
        var job = await services.Jobs.FindAsync(projectId, jobId, ct);
        return job is null ? NotFound() : TypedResults.Ok((await services.PresentAsync(projectId, [job], ct))[0]);
    }

    private static async Task<Results<Ok<List<TriggerVariableEntity>>, JsonHttpResult<GitLabMessage>>> GetJobVariables(
        long jobId, CallerIdentity caller, [AsParameters] JobServices services, CancellationToken ct)
    {
        var job = await services.Jobs.FindAsync(caller.ProjectId ?? 0, jobId, ct);
        if (job is null)
        {
            return NotFound();
        }
        // GitLab's TriggerVariableEntity: values only with admin_build (Maintainer+).
        var showValues = caller.HasAtLeast(AccessLevel.Maintainer);
        var variables = await services.Pipelines.VariablesAsync(job.PipelineId, ct);
        return TypedResults.Ok(variables.Select(v => new TriggerVariableEntity(v.Key, showValues ? v.Value : null, v.VariableType, false)).ToList());
    }

    /// <summary>GitLab's <c>GET /jobs/:id/trace</c>: the log as plain text (masked values already replaced by the runner).</summary>
    private static async Task<Results<FileContentHttpResult, JsonHttpResult<GitLabMessage>>> GetJobTrace(
        long jobId, CallerIdentity caller, JobStore jobs, JobRunStore runs, CancellationToken ct)
    {
        var job = await jobs.FindAsync(caller.ProjectId ?? 0, jobId, ct);
        return job is null ? NotFound() : TypedResults.Bytes(await runs.TraceAsync(job.Id, ct), "text/plain; charset=utf-8");
    }

    private static JsonHttpResult<GitLabMessage> NotFound() => GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not found");
}

/// <summary>What the job endpoints need.</summary>
internal sealed record JobServices(JobStore Jobs, PipelineStore Pipelines, IOptions<WvsOptions> Wvs)
{
    public async Task<List<JobEntity>> PresentAsync(long projectId, IReadOnlyList<JobRecord> jobs, CancellationToken ct)
    {
        var pipelines = new Dictionary<long, PipelineRecord>();
        var entities = new List<JobEntity>(jobs.Count);
        foreach (var job in jobs)
        {
            if (!pipelines.TryGetValue(job.PipelineId, out var pipeline))
            {
                pipeline = await Pipelines.FindAsync(projectId, job.PipelineId, ct) ?? throw new InvalidOperationException($"job {job.Id} without pipeline");
                pipelines[job.PipelineId] = pipeline;
            }
            entities.Add(JobEntity.From(job, pipeline, Wvs.Value.ExternalUrl));
        }
        return entities;
    }
}
