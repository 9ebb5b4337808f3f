using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WvsMesh.Pipelines.Data;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Pipelines.Api;

/// <summary>GitLab's answer when a runner is created or verified: its id and authentication token.</summary>
internal sealed record RunnerTokenEntity(long Id, string? Token, DateTimeOffset? TokenExpiresAt);

/// <summary>
/// Runners: an admin creates one (<c>POST /user/runners</c>, GitLab 16's flow) and hands its <c>wvsrt-</c> token to the
/// runner program, which checks it (<c>POST /runners/verify</c>) and can unregister (<c>DELETE /runners</c>).
/// </summary>
internal static class RunnersApi
{
    public const string TokenPrefix = "wvsrt-";

    public static IEndpointRouteBuilder MapRunnersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v4/user/runners", CreateRunner).RequireSignedIdentity(ScopedApi.UserRunners).RequireAdmin().WithTags("Runners");
        var group = routes.MapGroup("/api/v4/runners").WithTags("Runners");
        group.MapPost("/verify", VerifyRunner);
        group.MapDelete("/", DeleteRunner);
        return routes;
    }

    private static async Task<Results<Created<RunnerTokenEntity>, BadRequest<GitLabError>>> CreateRunner(
        GitLabParameters parameters, CallerIdentity caller, RunnerStore store, TimeProvider clock, CancellationToken ct)
    {
        if (parameters.Get("runner_type") is { } type && type != "instance_type")
        {
            return TypedResults.BadRequest(new GitLabError("runner_type does not have a valid value"));
        }
        var token = SecretTokens.New(TokenPrefix);
        var id = await store.InsertAsync(TokenDigest.Of(token), parameters.Get("description"), caller.UserId, clock.GetUtcNow(), ct);
        return TypedResults.Created($"/api/v4/runners/{id}", new RunnerTokenEntity(id, token, null));
    }

    private static async Task<Results<Ok<RunnerTokenEntity>, JsonHttpResult<GitLabMessage>>> VerifyRunner(
        GitLabParameters parameters, RunnerStore store, CancellationToken ct)
    {
        var runner = parameters.Get("token") is { Length: > 0 } token ? await store.FindByDigestAsync(TokenDigest.Of(token), ct) : null;
        return runner is null ? GitLabErrors.Forbidden() : TypedResults.Ok(new RunnerTokenEntity(runner.Id, null, null));
    }

    private static async Task<Results<NoContent, JsonHttpResult<GitLabMessage>>> DeleteRunner(GitLabParameters parameters, RunnerStore store, CancellationToken ct)
    {
        var deleted = parameters.Get("token") is { Length: > 0 } token && await store.DeleteAsync(TokenDigest.Of(token), ct);
        return deleted ? TypedResults.NoContent() : GitLabErrors.Forbidden();
    }
}
