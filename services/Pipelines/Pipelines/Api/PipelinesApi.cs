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

/// <summary><c>/projects/:id/pipelines</c>: Reporters and above read a project's pipelines.</summary>
internal static class PipelinesApi
{
    public static RouteGroupBuilder MapPipelinesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/pipelines").RequireSignedIdentity().WithTags("Pipelines");
        group.MapGet("/{pipelineId:long}", GetPipeline);
        return group;
    }

    private static async Task<Results<Ok<PipelineSnapshot>, NotFound<GitLabMessage>>> GetPipeline(
        long pipelineId, CallerIdentity caller, PipelineStore store, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        if (caller.ProjectId is not { } projectId || !caller.HasAtLeast(AccessLevel.Reporter))
        {
            return GitLabErrors.NotFound("Project");
        }
        var pipeline = await store.FindAsync(projectId, pipelineId, ct);
        return pipeline is null
            ? TypedResults.NotFound(new GitLabMessage("404 Not found"))
            : TypedResults.Ok(pipeline.ToSnapshot(wvs.Value.ExternalUrl));
    }
}
