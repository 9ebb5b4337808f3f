using System.Globalization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Tokens;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Api;

/// <summary>
/// <c>/projects/:id/members</c>: members see the list; Maintainers add, re-level and remove members; only Owners (and
/// admins) grant, change or remove the Owner role. Every change is announced so cached identities are dropped at once.
/// </summary>
internal static class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/projects/{projectId}/members")
            .RequireSignedIdentity()
            .RequireProjectRole(AccessLevel.Guest)
            .WithTags("Members");
        group.MapGet("/", ListMembers);
        group.MapGet("/{userId:long}", GetMember);
        group.MapPost("/", AddMember).RequireProjectRole(AccessLevel.Maintainer);
        group.MapPut("/{userId:long}", UpdateMember).RequireProjectRole(AccessLevel.Maintainer);
        group.MapDelete("/{userId:long}", RemoveMember);
        return group;
    }

    private static async Task<Results<Ok<List<MemberEntity>>, JsonHttpResult<GitLabMessage>>> ListMembers(
        CallerIdentity caller, Pagination page, HttpContext http, ProjectStore projects, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var (rows, total) = await projects.ListMembersAsync(caller.ProjectId ?? 0, page.Offset, page.PerPage, ct);
        page.WriteHeaders(http, total);
        return TypedResults.Ok(rows.Select(member => MemberEntity.From(member, wvs.Value.ExternalUrl)).ToList());
    }

    private static async Task<Results<Ok<MemberEntity>, JsonHttpResult<GitLabMessage>>> GetMember(
        long userId, CallerIdentity caller, ProjectStore projects, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var member = await projects.FindMemberAsync(caller.ProjectId ?? 0, userId, ct);
        return member is null ? MemberNotFound() : TypedResults.Ok(MemberEntity.From(member, wvs.Value.ExternalUrl));
    }

    private static async Task<Results<Created<MemberEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> AddMember(
        GitLabParameters parameters, CallerIdentity caller, [AsParameters] MemberServices services, CancellationToken ct)
    {
        if (Level(parameters, out var level) is { } invalid)
        {
            return invalid;
        }
        if (!long.TryParse(parameters.Get("user_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return TypedResults.BadRequest(new GitLabError(parameters.Get("user_id") is null ? "user_id is missing" : "user_id is invalid"));
        }
        if (level == AccessLevel.Owner && !caller.HasAtLeast(AccessLevel.Owner))
        {
            return GitLabErrors.Forbidden();
        }
        if (await services.Users.FindByIdAsync(userId, ct) is null)
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 User Not Found");
        }
        var projectId = caller.ProjectId ?? 0;
        if (!await services.Projects.AddMemberAsync(projectId, userId, level, ct))
        {
            return GitLabErrors.Status(StatusCodes.Status409Conflict, "Member already exists");
        }
        await services.Bus.Publish(new ProjectMemberChanged(projectId, userId, (int)level), ct);
        var member = await services.Projects.FindMemberAsync(projectId, userId, ct);
        return member is null ? MemberNotFound() : TypedResults.Created($"/api/v4/projects/{projectId}/members/{userId}", MemberEntity.From(member, services.Wvs.Value.ExternalUrl));
    }

    private static async Task<Results<Ok<MemberEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> UpdateMember(
        long userId, GitLabParameters parameters, CallerIdentity caller, [AsParameters] MemberServices services, CancellationToken ct)
    {
        if (Level(parameters, out var level) is { } invalid)
        {
            return invalid;
        }
        var projectId = caller.ProjectId ?? 0;
        var member = await services.Projects.FindMemberAsync(projectId, userId, ct);
        if (member is null)
        {
            return MemberNotFound();
        }
        if ((level == AccessLevel.Owner || member.AccessLevel == (int)AccessLevel.Owner) && !caller.HasAtLeast(AccessLevel.Owner))
        {
            return GitLabErrors.Forbidden();
        }
        await services.Projects.UpdateMemberAsync(projectId, userId, level, ct);
        await services.Bus.Publish(new ProjectMemberChanged(projectId, userId, (int)level), ct);
        return TypedResults.Ok(MemberEntity.From(member with { AccessLevel = (int)level }, services.Wvs.Value.ExternalUrl));
    }

    private static async Task<Results<NoContent, JsonHttpResult<GitLabMessage>>> RemoveMember(
        long userId, CallerIdentity caller, [AsParameters] MemberServices services, CancellationToken ct)
    {
        // Any member may leave; removing someone else takes a Maintainer, and an Owner takes an Owner.
        var leaving = userId == caller.UserId;
        if (!leaving && !caller.HasAtLeast(AccessLevel.Maintainer))
        {
            return GitLabErrors.Forbidden();
        }
        var projectId = caller.ProjectId ?? 0;
        var member = await services.Projects.FindMemberAsync(projectId, userId, ct);
        if (member is null)
        {
            return MemberNotFound();
        }
        if (member.AccessLevel == (int)AccessLevel.Owner && !leaving && !caller.HasAtLeast(AccessLevel.Owner))
        {
            return GitLabErrors.Forbidden();
        }
        await services.Projects.RemoveMemberAsync(projectId, userId, ct);
        await services.Bus.Publish(new ProjectMemberChanged(projectId, userId, 0), ct);
        return TypedResults.NoContent();
    }

    private static BadRequest<GitLabError>? Level(GitLabParameters parameters, out AccessLevel level)
    {
        level = AccessLevel.None;
        var given = parameters.Get("access_level");
        if (given is null)
        {
            return TypedResults.BadRequest(new GitLabError("access_level is missing"));
        }
        if (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is not (10 or 20 or 30 or 40 or 50))
        {
            return TypedResults.BadRequest(new GitLabError("access_level does not have a valid value"));
        }
        level = (AccessLevel)value;
        return null;
    }

    private static JsonHttpResult<GitLabMessage> MemberNotFound() => GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Member Not Found");
}

/// <summary>What the member endpoints need.</summary>
internal sealed record MemberServices(ProjectStore Projects, UserStore Users, IPublishEndpoint Bus, IOptions<WvsOptions> Wvs);
