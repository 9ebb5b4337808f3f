using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Pipelines.Repositories;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Pipelines.Api;

/// <summary>
/// <c>POST /projects/:id/mirror/pull</c> (GitLab's "start the pull mirroring process", Maintainer and up): the next trigger
/// fetches the project's source again, at this replica and, through <see cref="MirrorPullRequested"/>, at every other.
/// </summary>
internal static class MirrorApi
{
    public static RouteGroupBuilder MapMirrorApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/mirror")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Maintainer)
            .WithTags("Pipelines");
        group.MapPost("/pull", PullAsync);
        return group;
    }

    private static async Task<Ok> PullAsync(CallerIdentity caller, RepositoryMirror mirror, IPublishEndpoint bus, CancellationToken ct)
    {
        var projectId = caller.ProjectId ?? 0;
        mirror.Forget(projectId);
        await bus.Publish(new MirrorPullRequested(projectId), ct);
        return TypedResults.Ok();
    }
}
