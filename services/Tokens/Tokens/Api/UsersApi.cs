using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Http;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Api;

/// <summary><c>/user</c>: who the caller is.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4").RequireSignedIdentity().WithTags("Users");
        group.MapGet("/user", GetCurrentUser);
        return group;
    }

    private static async Task<Results<Ok<UserEntity>, JsonHttpResult<GitLabMessage>>> GetCurrentUser(
        CallerIdentity caller, UserStore users, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(caller.UserId, ct);
        return user is null ? GitLabErrors.Unauthorized() : TypedResults.Ok(UserEntity.From(user, wvs.Value.ExternalUrl));
    }
}
