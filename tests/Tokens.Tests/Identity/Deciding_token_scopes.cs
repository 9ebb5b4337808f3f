using WvsMesh.ServiceDefaults.Identity;
using Xunit;

namespace WvsMesh.Tokens.Tests.Identity;

/// <summary>
/// GitLab's scope rules (lib/api/api.rb, users.rb, user_runners.rb), decided by <see cref="TokenScopes.Refuse"/> alone:
/// null when the token may, else the scopes GitLab names in its insufficient_scope answer (#13).
/// </summary>
public sealed class Deciding_token_scopes
{
    private const string General = "api read_api";
    private const string Users = "read_user api read_api";
    private const string UserRunners = "create_runner api read_api";

    public static TheoryData<string?, ScopedApi, string, string?> Cases => new()
    {
        // api: everything.
        { "api", ScopedApi.General, "GET", null },
        { "api", ScopedApi.General, "POST", null },
        { "api", ScopedApi.General, "DELETE", null },
        { "api", ScopedApi.Users, "POST", null },
        { "api", ScopedApi.UserRunners, "POST", null },
        // No token restricts a web UI session: like api.
        { null, ScopedApi.General, "DELETE", null },
        { null, ScopedApi.Users, "POST", null },
        // read_api: GET and HEAD only.
        { "read_api", ScopedApi.General, "GET", null },
        { "read_api", ScopedApi.General, "HEAD", null },
        { "read_api", ScopedApi.Users, "GET", null },
        { "read_api", ScopedApi.General, "POST", General },
        { "read_api", ScopedApi.General, "PUT", General },
        { "read_api", ScopedApi.General, "DELETE", General },
        { "read_api", ScopedApi.General, "PATCH", General },
        { "read_api", ScopedApi.Users, "POST", Users },
        { "read_api", ScopedApi.UserRunners, "POST", UserRunners },
        // read_user: reading /user and /users only.
        { "read_user", ScopedApi.Users, "GET", null },
        { "read_user", ScopedApi.Users, "HEAD", null },
        { "read_user", ScopedApi.Users, "POST", Users },
        { "read_user", ScopedApi.General, "GET", General },
        // create_runner: POST /user/runners only.
        { "create_runner", ScopedApi.UserRunners, "POST", null },
        { "create_runner", ScopedApi.Users, "GET", Users },
        { "create_runner", ScopedApi.General, "GET", General },
        // Scopes that grant no API route.
        { "read_repository", ScopedApi.General, "GET", General },
        { "write_repository", ScopedApi.General, "POST", General },
        { "manage_runner", ScopedApi.UserRunners, "POST", UserRunners },
        { "sudo", ScopedApi.General, "GET", General },
        { "", ScopedApi.General, "GET", General },
        // Any one sufficient scope among several is enough; names match exactly.
        { "read_repository read_api", ScopedApi.General, "GET", null },
        { "read_user read_api", ScopedApi.Users, "POST", Users },
        { "API", ScopedApi.General, "GET", General },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scopes_admit_exactly_what_gitlab_admits(string? granted, ScopedApi api, string method, string? refused)
    {
        var answer = TokenScopes.Refuse(granted, api, method);

        Assert.Equal(refused, answer is null ? null : string.Join(' ', answer));
    }
}
