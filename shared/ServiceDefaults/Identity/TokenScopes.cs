using Microsoft.AspNetCore.Http;

namespace WvsMesh.ServiceDefaults.Identity;

/// <summary>The API a route belongs to, for the token scopes it accepts (GitLab's <c>allow_access_with_scope</c>).</summary>
public enum ScopedApi
{
    /// <summary>Every API route (<c>lib/api/api.rb</c>): <c>api</c>, and <c>read_api</c> for GET and HEAD.</summary>
    General,

    /// <summary><c>/user</c> and <c>/users…</c> (<c>lib/api/users.rb</c>): also <c>read_user</c> for GET and HEAD.</summary>
    Users,

    /// <summary><c>POST /user/runners</c> (<c>lib/api/user_runners.rb</c>): also <c>create_runner</c> for POST.</summary>
    UserRunners,
}

/// <summary>
/// GitLab's personal access token scopes, decided here and nowhere else: a request passes when one scope its route
/// registers is among the token's and admits the method. Every other scope (<c>read_repository</c>,
/// <c>write_repository</c>, <c>manage_runner</c>, …) grants no API route.
/// </summary>
public static class TokenScopes
{
    /// <summary>Complete read/write access to the API.</summary>
    public const string Api = "api";

    /// <summary>GET and HEAD on the API.</summary>
    public const string ReadApi = "read_api";

    /// <summary>GET and HEAD on <c>/user</c> and <c>/users…</c>.</summary>
    public const string ReadUser = "read_user";

    /// <summary><c>POST /user/runners</c>.</summary>
    public const string CreateRunner = "create_runner";

    private static readonly Rule[] General = [new(Api, _ => true), new(ReadApi, IsRead)];

    /// <summary>
    /// Null when a token granted <paramref name="granted"/> (space-separated; null for a caller no token restricts, like
    /// <c>api</c>) may send <paramref name="method"/> to a route of <paramref name="api"/>; otherwise the scopes the route
    /// registers, in GitLab's order (the route's own, then the API's), as its <c>insufficient_scope</c> answer names them.
    /// </summary>
    public static IReadOnlyList<string>? Refuse(string? granted, ScopedApi api, string method)
    {
        var scopes = granted is null ? [Api] : granted.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var registered = Registered(api);
        return registered.Any(rule => scopes.Contains(rule.Scope, StringComparer.Ordinal) && rule.Admits(method))
            ? null
            : [.. registered.Select(rule => rule.Scope)];
    }

    private static Rule[] Registered(ScopedApi api) => api switch
    {
        ScopedApi.Users => [new(ReadUser, IsRead), .. General],
        ScopedApi.UserRunners => [new(CreateRunner, HttpMethods.IsPost), .. General],
        _ => General,
    };

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private sealed record Rule(string Scope, Func<string, bool> Admits);
}
