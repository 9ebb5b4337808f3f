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

/// <summary>A pipeline variable as <c>GET /pipelines/:id/variables</c> shows it.</summary>
internal sealed record PipelineVariableEntity(string VariableType, string Key, string Value);

/// <summary><c>/projects/:id/pipelines</c>: Reporters and above read a project's pipelines and their jobs.</summary>
internal static class PipelinesApi
{
    public static RouteGroupBuilder MapPipelinesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/pipelines")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Reporter)
            .WithTags("Pipelines");
        group.MapGet("/", ListPipelines);
        group.MapGet("/{pipelineId:long}", GetPipeline);
        group.MapGet("/{pipelineId:long}/variables", GetPipelineVariables).RequireProjectRole(AccessLevel.Maintainer);
        group.MapGet("/{pipelineId:long}/jobs", ListPipelineJobs);
        group.MapGet("/{pipelineId:long}/payload", GetPipelinePayload).RequireProjectRole(AccessLevel.Maintainer);
        return group;
    }

    private static async Task<Results<Ok<List<PipelineSnapshot>>, JsonHttpResult<GitLabMessage>>> ListPipelines(
        CallerIdentity caller, Pagination page, HttpContext http, PipelineStore store, IOptions<WvsOptions> wvs,
        string? @ref, string? source, string? status, string? sha, bool? yaml_errors, CancellationToken ct)
    {
        var (rows, total) = await store.ListAsync(caller.ProjectId ?? 0, new PipelineFilter(@ref, source, status, sha, yaml_errors), page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(rows.Select(pipeline => pipeline.ToSnapshot(wvs.Value.ExternalUrl)).ToList());
    }

    private static async Task<Results<Ok<PipelineSnapshot>, JsonHttpResult<GitLabMessage>>> GetPipeline(
        long pipelineId, CallerIdentity caller, PipelineStore store, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var pipeline = await store.FindAsync(caller.ProjectId ?? 0, pipelineId, ct);
        return pipeline is null ? NotFound() : TypedResults.Ok(pipeline.ToSnapshot(wvs.Value.ExternalUrl));
    }

    /// <summary>Trigger variables are values some users must not see: Maintainers and Owners only.</summary>
    private static async Task<Results<Ok<List<PipelineVariableEntity>>, JsonHttpResult<GitLabMessage>>> GetPipelineVariables(
        long pipelineId, CallerIdentity caller, PipelineStore store, CancellationToken ct)
    {
        var pipeline = await store.FindAsync(caller.ProjectId ?? 0, pipelineId, ct);
        if (pipeline is null)
        {
            return NotFound();
        }
        var variables = await store.VariablesAsync(pipeline.Id, ct);
        return TypedResults.Ok(variables.Select(v => new PipelineVariableEntity(v.VariableType, v.Key, v.Value)).ToList());
    }

    /// <summary>
    /// Beyond GitLab: the webhook body a pipeline was triggered with, byte for byte and with its content type
    /// (<c>TRIGGER_PAYLOAD_RAW</c>); like the pipeline's variables, for Maintainers and above.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, JsonHttpResult<GitLabMessage>>> GetPipelinePayload(long pipelineId, CallerIdentity caller, PipelineStore store, CancellationToken ct)
    {
        var pipeline = await store.FindAsync(caller.ProjectId ?? 0, pipelineId, ct);
        var payload = pipeline is null ? null : await store.PayloadAsync(pipeline.Id, ct);
        return payload is null
            ? NotFound()
            : TypedResults.Bytes(payload.Body, payload.ContentType is { Length: > 0 } type ? type : "application/octet-stream");
    }

    private static async Task<Results<Ok<List<JobEntity>>, JsonHttpResult<GitLabMessage>>> ListPipelineJobs(
        long pipelineId, CallerIdentity caller, Pagination page, HttpContext http, [AsParameters] JobServices services, CancellationToken ct)
    {
        var projectId = caller.ProjectId ?? 0;
        if (await services.Pipelines.FindAsync(projectId, pipelineId, ct) is null)
        {
            return NotFound();
        }
        var (jobs, total) = await services.Jobs.ListByPipelineAsync(projectId, pipelineId, page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(await services.PresentAsync(projectId, jobs, ct));
    }

    private static JsonHttpResult<GitLabMessage> NotFound() => GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not found");
}
