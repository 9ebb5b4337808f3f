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
using WvsMesh.ServiceDefaults.Security;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Api;

/// <summary><c>/user</c>, <c>/users</c> (admin) and <c>/personal_access_tokens</c>: the accounts trigger tokens act for.</summary>
internal static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        // GitLab's lib/api/users.rb also admits read_user tokens to read; personal_access_tokens.rb does not.
        var users = routes.MapGroup("/api/v4").RequireSignedIdentity(ScopedApi.Users).WithTags("Users");
        users.MapGet("/user", GetCurrentUser);
        users.MapPost("/users", CreateUser).RequireAdmin();
        users.MapGet("/users/{userId:long}", GetUser);
        users.MapPost("/users/{userId:long}/block", BlockUser).RequireAdmin();
        users.MapPost("/users/{userId:long}/unblock", UnblockUser).RequireAdmin();
        users.MapPost("/users/{userId:long}/personal_access_tokens", CreatePersonalAccessToken).RequireAdmin();
        var tokens = routes.MapGroup("/api/v4/personal_access_tokens").RequireSignedIdentity().WithTags("Users");
        tokens.MapGet("/{tokenId:long}", GetPersonalAccessToken);
        tokens.MapDelete("/{tokenId:long}", RevokePersonalAccessToken);
        return routes;
    }

    private static async Task<Results<Ok<UserEntity>, JsonHttpResult<GitLabMessage>>> GetCurrentUser(
        CallerIdentity caller, UserStore users, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(caller.UserId, ct);
        return user is null ? GitLabErrors.Unauthorized() : TypedResults.Ok(UserEntity.From(user, wvs.Value.ExternalUrl));
    }

    private static async Task<Results<Created<UserEntity>, BadRequest<GitLabError>, BadRequest<GitLabMessage>, JsonHttpResult<GitLabMessage>>> CreateUser(
        GitLabParameters parameters, UserStore users, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var (email, username, name, password) = (parameters.Get("email"), parameters.Get("username"), parameters.Get("name"), parameters.Get("password"));
        var missing = new[] { ("email", email), ("username", username), ("name", name) }.Where(field => string.IsNullOrWhiteSpace(field.Item2)).Select(field => field.Item1).ToList();
        if (missing.Count > 0 || email is null || username is null || name is null)
        {
            return TypedResults.BadRequest(new GitLabError(string.Join(", ", missing) + (missing.Count == 1 ? " is missing" : " are missing")));
        }
        if (password is not null && password.Length < PasswordDigest.MinimumLength)
        {
            return TypedResults.BadRequest(new GitLabMessage(new Dictionary<string, string[]> { ["password"] = [$"is too short (minimum is {PasswordDigest.MinimumLength} characters)"] }));
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(username, "^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,254}$"))
        {
            return TypedResults.BadRequest(new GitLabMessage(new Dictionary<string, string[]> { ["username"] = ["can contain only letters, digits, '_', '-' and '.'"] }));
        }
        var user = await users.InsertAsync(username, name, email, parameters.Get("admin") is "true", password is null ? null : PasswordDigest.Of(password), ct);
        if (user is null)
        {
            var taken = await users.FindByUsernameAsync(username, ct) is not null ? "Username" : "Email";
            return GitLabErrors.Status(StatusCodes.Status409Conflict, $"{taken} has already been taken");
        }
        return TypedResults.Created($"/api/v4/users/{user.Id}", UserEntity.From(user, wvs.Value.ExternalUrl));
    }

    private static async Task<Results<Ok<UserBasicEntity>, JsonHttpResult<GitLabMessage>>> GetUser(
        long userId, UserStore users, IOptions<WvsOptions> wvs, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        return user is null ? GitLabErrors.Status(StatusCodes.Status404NotFound, "404 User Not Found") : TypedResults.Ok(UserBasicEntity.From(user, wvs.Value.ExternalUrl));
    }

    private static Task<Results<Created<bool>, JsonHttpResult<GitLabMessage>>> BlockUser(
        long userId, UserStore users, IPublishEndpoint bus, CancellationToken ct) =>
        SetStateAsync(userId, "blocked", users, bus, ct);

    private static Task<Results<Created<bool>, JsonHttpResult<GitLabMessage>>> UnblockUser(
        long userId, UserStore users, IPublishEndpoint bus, CancellationToken ct) =>
        SetStateAsync(userId, "active", users, bus, ct);

    private static async Task<Results<Created<bool>, JsonHttpResult<GitLabMessage>>> SetStateAsync(
        long userId, string state, UserStore users, IPublishEndpoint bus, CancellationToken ct)
    {
        if (!await users.SetStateAsync(userId, state, ct))
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 User Not Found");
        }
        // Gateways drop their cached identities of this user at once.
        await bus.Publish(new UserStateChanged(userId, state), ct);
        return TypedResults.Created((string?)null, true);
    }

    private static async Task<Results<Created<PersonalAccessTokenEntity>, BadRequest<GitLabError>, JsonHttpResult<GitLabMessage>>> CreatePersonalAccessToken(
        long userId, GitLabParameters parameters, UserStore users, TimeProvider clock, CancellationToken ct)
    {
        if (await users.FindByIdAsync(userId, ct) is null)
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 User Not Found");
        }
        var name = parameters.Get("name");
        var scopes = parameters.GetAll("scopes").ToList();
        if (string.IsNullOrWhiteSpace(name))
        {
            return TypedResults.BadRequest(new GitLabError("name is missing"));
        }
        if (scopes.Count == 0)
        {
            return TypedResults.BadRequest(new GitLabError("scopes is missing"));
        }
        if (scopes.Any(scope => !PersonalAccessTokenFormat.Scopes.Contains(scope)))
        {
            return TypedResults.BadRequest(new GitLabError("scopes does not have a valid value"));
        }
        DateTimeOffset? expiresAt = null;
        if (parameters.Get("expires_at") is { Length: > 0 } expires)
        {
            if (!DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return TypedResults.BadRequest(new GitLabError("expires_at is invalid"));
            }
            expiresAt = parsed.ToUniversalTime();
        }
        var token = PersonalAccessTokenFormat.NewToken();
        var stored = await users.InsertPersonalTokenAsync(userId, name, TokenDigest.Of(token), string.Join(' ', scopes), expiresAt, ct);
        return TypedResults.Created($"/api/v4/personal_access_tokens/{stored.Id}", PersonalAccessTokenEntity.From(stored, token, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<PersonalAccessTokenEntity>, JsonHttpResult<GitLabMessage>>> GetPersonalAccessToken(
        long tokenId, CallerIdentity caller, UserStore users, TimeProvider clock, CancellationToken ct)
    {
        var token = await users.FindPersonalTokenAsync(tokenId, ct);
        return token is null || (!caller.IsAdmin && token.UserId != caller.UserId)
            ? GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not Found")
            : TypedResults.Ok(PersonalAccessTokenEntity.From(token, null, clock.GetUtcNow()));
    }

    private static async Task<Results<NoContent, JsonHttpResult<GitLabMessage>>> RevokePersonalAccessToken(
        long tokenId, CallerIdentity caller, UserStore users, IPublishEndpoint bus, CancellationToken ct)
    {
        var token = await users.FindPersonalTokenAsync(tokenId, ct);
        if (token is null || (!caller.IsAdmin && token.UserId != caller.UserId))
        {
            return GitLabErrors.Status(StatusCodes.Status404NotFound, "404 Not Found");
        }
        if (!await users.RevokePersonalTokenAsync(tokenId, ct))
        {
            return GitLabErrors.Status(StatusCodes.Status400BadRequest, "400 Bad request - Token already revoked");
        }
        await bus.Publish(new PersonalAccessTokenRevoked(token.UserId, tokenId), ct);
        return TypedResults.NoContent();
    }
}
