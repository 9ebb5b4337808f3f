using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WvsMesh.TestKit;

/// <summary>The public HTTP API as a GitLab client uses it: personal access token in <c>PRIVATE-TOKEN</c>, forms and JSON.</summary>
public sealed class GitLabApiClient(HttpClient http, string privateToken)
{
    /// <summary>The password <see cref="CreateUserAsync"/> gives every user it creates.</summary>
    public const string Password = "secret-password-1";

    /// <summary>The underlying client (no token attached), for requests a test shapes itself.</summary>
    public HttpClient Http { get; } = http;

    /// <summary>The personal access token this client sends (for tests that present it where it does not belong).</summary>
    public string PrivateToken { get; } = privateToken;

    /// <summary><c>POST /projects</c> importing <paramref name="repository"/>; returns the project JSON.</summary>
    public async Task<JsonObject> CreateProjectAsync(string name, string repository, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v4/projects", Form(("name", name), ("import_url", repository)), ct);
        return await ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>
    /// Admin only: GitLab's <c>POST /projects/user/:user_id</c>, a project owned by another user (its Owner, in their
    /// namespace) importing <paramref name="repository"/> — how a local path reaches a user's project, as only admins may
    /// import one (#13); returns the project JSON.
    /// </summary>
    public async Task<JsonObject> CreateProjectForUserAsync(long userId, string name, string repository, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/v4/projects/user/{userId.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            Form(("name", name), ("import_url", repository)), ct);
        return await ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary><c>POST /projects/:id/triggers</c>; returns the trigger JSON (with the full token, for its owner).</summary>
    public async Task<JsonObject> CreateTriggerAsync(long projectId, string description, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/triggers", Form(("description", description)), ct);
        return await ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The same server as another user (their personal access token).</summary>
    public GitLabApiClient As(string otherPrivateToken) => new(Http, otherPrivateToken);

    /// <summary>Admin only: <c>POST /users</c> then <c>POST /users/:id/personal_access_tokens</c>; the new user's id and client.</summary>
    public async Task<(long Id, string Username, GitLabApiClient Client)> CreateUserAsync(string? username, CancellationToken ct)
    {
        username ??= "user-" + Guid.NewGuid().ToString("N")[..10];
        using var created = await SendAsync(HttpMethod.Post, "/api/v4/users",
            Form(("username", username), ("name", username), ("email", $"{username}@example.com"), ("password", Password)), ct);
        var user = await ExpectAsync(created, HttpStatusCode.Created, ct);
        var id = user["id"]?.GetValue<long>() ?? throw new InvalidOperationException("user without id");
        using var token = await SendAsync(HttpMethod.Post, $"/api/v4/users/{id}/personal_access_tokens", Form(("name", "tests"), ("scopes[]", "api")), ct);
        var secret = (await ExpectAsync(token, HttpStatusCode.Created, ct))["token"]?.GetValue<string>() ?? throw new InvalidOperationException("no token");
        return (id, username, As(secret));
    }

    /// <summary><c>POST /projects/:id/members</c> with a GitLab access level (10–50).</summary>
    public async Task AddMemberAsync(long projectId, long userId, int accessLevel, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members",
            Form(("user_id", userId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("access_level", accessLevel.ToString(System.Globalization.CultureInfo.InvariantCulture))), ct);
        await ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>Sends a form with the personal access token.</summary>
    public Task<HttpResponseMessage> SendFormAsync(HttpMethod method, string path, CancellationToken ct, params (string Key, string Value)[] fields) =>
        SendAsync(method, path, Form(fields), ct);

    /// <summary>The README's curl: <c>POST /projects/:id/trigger/pipeline</c> with <c>token</c> and <c>ref</c> as a form, no user token.</summary>
    public async Task<HttpResponseMessage> TriggerPipelineAsync(string projectId, string? token, string? reference, CancellationToken ct, params (string Key, string Value)[] extra)
    {
        var fields = new List<(string, string)>();
        if (token is not null)
        {
            fields.Add(("token", token));
        }
        if (reference is not null)
        {
            fields.Add(("ref", reference));
        }
        fields.AddRange(extra);
        if (fields.Count == 0)
        {
            // curl --form with no fields sends no multipart body at all; an empty urlencoded form is the same request.
            using var empty = new FormUrlEncodedContent([]);
            return await Http.PostAsync($"/api/v4/projects/{projectId}/trigger/pipeline", empty, ct);
        }
        using var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }
        return await Http.PostAsync($"/api/v4/projects/{projectId}/trigger/pipeline", form, ct);
    }

    /// <summary><c>GET</c> with the personal access token.</summary>
    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    /// <summary>Sends with the personal access token.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("PRIVATE-TOKEN", PrivateToken);
        return Http.SendAsync(request, ct);
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON object.</summary>
    public static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != status)
        {
            throw new HttpRequestException($"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        }
        return JsonNode.Parse(body) as JsonObject ?? throw new JsonException($"not a JSON object: {body}");
    }

    /// <summary>An <c>application/x-www-form-urlencoded</c> body of <paramref name="fields"/>.</summary>
    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(field => new KeyValuePair<string, string>(field.Key, field.Value)));
}

/// <summary>Reading JSON answers in tests.</summary>
public static class JsonAnswers
{
    /// <summary>The response body as a JSON object.</summary>
    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, CancellationToken ct) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(ct)) ?? throw new JsonException("empty body");
}
