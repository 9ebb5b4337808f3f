using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using WvsMesh.TestKit;

namespace WvsMesh.EndToEnd.Tests.Accounts;

/// <summary>What the account tests arrange through the public API, and how they read GitLab's answers.</summary>
internal static class Arrangements
{
    /// <summary>GitLab's access levels as the members API takes them.</summary>
    public const int Guest = 10, Reporter = 20, Developer = 30, Maintainer = 40, Owner = 50;

    public const string Unauthorized = """{"message":"401 Unauthorized"}""";

    public const string Forbidden = """{"message":"403 Forbidden"}""";

    public const string ProjectNotFound = """{"message":"404 Project Not Found"}""";

    /// <summary>A fresh name, unique across the tests that share one host.</summary>
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Status and body together, so one assertion shows both when either differs.</summary>
    public static async Task<(int Status, string Body)> AnswerAsync(this HttpResponseMessage response, CancellationToken ct) =>
        ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));

    /// <summary><c>POST /projects</c> in the caller's namespace; returns its id and <c>path_with_namespace</c>.</summary>
    public static Task<(long Id, string FullPath)> NewProjectAsync(this GitLabApiClient api, GitRepository repository, CancellationToken ct) =>
        api.NewProjectAsync(repository.Path, ct);

    /// <summary>
    /// A public <c>https</c> repository by address, which any user may import (a local path is an admin's alone, #13); no
    /// DNS is asked, and nothing is fetched until a pipeline is triggered.
    /// </summary>
    public const string PublicRepository = "https://93.184.215.14/group/demo.git";

    /// <summary><c>POST /projects</c> importing <paramref name="importUrl"/>; returns its id and <c>path_with_namespace</c>.</summary>
    public static async Task<(long Id, string FullPath)> NewProjectAsync(this GitLabApiClient api, string importUrl, CancellationToken ct)
    {
        var project = await api.CreateProjectAsync(Unique("project"), importUrl, ct);
        return (Id(project), project["path_with_namespace"]?.GetValue<string>() ?? throw new InvalidOperationException("no path_with_namespace"));
    }

    /// <summary>A project of root's with a new user as a member at <paramref name="accessLevel"/>.</summary>
    public static async Task<(long ProjectId, long UserId, GitLabApiClient Member)> ProjectWithMemberAsync(
        this GitLabApiClient root, GitRepository repository, int accessLevel, CancellationToken ct)
    {
        var (projectId, _) = await root.NewProjectAsync(repository, ct);
        var (userId, _, member) = await root.CreateUserAsync(null, ct);
        await root.AddMemberAsync(projectId, userId, accessLevel, ct);
        return (projectId, userId, member);
    }

    /// <summary>Admin: <c>POST /users/:id/personal_access_tokens</c> with <paramref name="scopes"/> (space-separated); the token's id and secret.</summary>
    public static async Task<(long Id, string Token)> NewPersonalAccessTokenAsync(
        this GitLabApiClient admin, long userId, CancellationToken ct, string? expiresAt = null, string scopes = "api")
    {
        var fields = new List<(string, string)> { ("name", Unique("pat")) };
        fields.AddRange(scopes.Split(' ').Select(scope => ("scopes[]", scope)));
        if (expiresAt is not null)
        {
            fields.Add(("expires_at", expiresAt));
        }
        using var response = await admin.SendFormAsync(HttpMethod.Post, $"/api/v4/users/{userId}/personal_access_tokens", ct, [.. fields]);
        var token = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        return (Id(token), token["token"]?.GetValue<string>() ?? throw new InvalidOperationException("no token"));
    }

    /// <summary>Sends with no personal access token at all, only the <paramref name="headers"/> given.</summary>
    public static Task<HttpResponseMessage> SendAnonymouslyAsync(this GitLabApiClient api, HttpMethod method, string path, CancellationToken ct, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return api.Http.SendAsync(request, ct);
    }

    /// <summary>GET with <c>Authorization: Bearer</c> instead of <c>PRIVATE-TOKEN</c>.</summary>
    public static Task<HttpResponseMessage> GetWithBearerAsync(this GitLabApiClient api, string path, string token, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api.Http.SendAsync(request, ct);
    }

    /// <summary><c>PUT /projects/:id/members/:user_id</c> with a new access level.</summary>
    public static Task<HttpResponseMessage> SetAccessLevelAsync(this GitLabApiClient api, long projectId, long userId, int accessLevel, CancellationToken ct) =>
        api.SendFormAsync(HttpMethod.Put, $"/api/v4/projects/{projectId}/members/{userId}", ct, ("access_level", Text(accessLevel)));

    public static long Id(JsonObject entity) => entity["id"]?.GetValue<long>() ?? throw new InvalidOperationException("entity without id");

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
