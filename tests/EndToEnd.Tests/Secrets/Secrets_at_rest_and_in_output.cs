using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Secrets;

/// <summary>
/// #3 acceptance 5: no plaintext trigger token or personal access token in the database files, the logs or error
/// bodies. The all-in-one host is driven through users, tokens, projects, triggers that succeed and fail, a rotation
/// and a revocation; then every answer (but those that rightly hand a secret to its owner), every log entry (every category at Trace),
/// every span, and every byte under the data directory is searched for every secret handed out.
/// </summary>
public sealed class Secrets_at_rest_and_in_output
{
    /// <summary>
    /// The most an operator can turn logging up by configuration: every category at Trace, over the host's appsettings
    /// (<c>Microsoft.AspNetCore: Warning</c>). Filters a host sets in code still apply, as they would in production.
    /// </summary>
    private static readonly Dictionary<string, string> TraceLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:MassTransit"] = "Trace",
        ["Logging:LogLevel:Npgsql"] = "Trace",
    };

    private readonly PlaintextSecrets _secrets = new();
    private readonly List<string> _answers = [];

    [Fact]
    public async Task No_token_is_in_answers_logs_spans_or_data_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturedLogs();
        using var spans = new CapturedActivities();
        var app = new AllInOneApp { Settings = TraceLogging };
        using var repository = GitRepository.Create();
        using var otherRepository = GitRepository.Create();
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        _secrets.Add("root token", AllInOneApp.RootToken);

        await using (app)
        {
            var root = CapturingLogs(app, logs);

            // Users and their personal access tokens; alice owns a project, bob maintains it, carol develops on it.
            var (aliceId, _, alicePat) = await CreateUserAsync(root, "alice", ct);
            var (bobId, _, bobPat) = await CreateUserAsync(root, "bob", ct);
            var (carolId, carolPatId, carolPat) = await CreateUserAsync(root, "carol", ct);
            var (alice, bob, carol) = (root.As(alicePat), root.As(bobPat), root.As(carolPat));
            var project = await KeepAsync(root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/user/{aliceId}", ct, ("name", "secret-keeping"), ("import_url", repository.Path)), HttpStatusCode.Created, ct);
            var projectId = project["id"]?.GetValue<long>() ?? 0;
            var other = await KeepAsync(root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", "elsewhere"), ("import_url", otherRepository.Path)), HttpStatusCode.Created, ct);
            var otherId = other["id"]?.GetValue<long>() ?? 0;
            await KeepAsync(alice.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members", ct, ("user_id", $"{bobId}"), ("access_level", "40")), HttpStatusCode.Created, ct);
            await KeepAsync(alice.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/members", ct, ("user_id", $"{carolId}"), ("access_level", "30")), HttpStatusCode.Created, ct);

            // Trigger tokens: three of alice's, one of root's on the other project.
            var (main, mainToken) = await CreateTriggerAsync(alice, projectId, "main", ct);
            var (revoked, revokedToken) = await CreateTriggerAsync(alice, projectId, "to revoke", ct);
            var (rotated, rotatedToken) = await CreateTriggerAsync(alice, projectId, "to rotate", ct);
            var (_, foreignToken) = await CreateTriggerAsync(root, otherId, "other project", ct);
            var unknownToken = _secrets.Add("unknown token", "wvsptt-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000");

            // Triggers that succeed, as a form and as JSON (the query string has its own test below).
            var pipeline = await KeepAsync(root.TriggerPipelineAsync($"{projectId}", mainToken, "main", ct, ("variables[MARKER]", marker)), HttpStatusCode.Created, ct);
            await KeepAsync(root.Http.PostAsJsonAsync($"/api/v4/projects/{projectId}/trigger/pipeline",
                new { token = mainToken, @ref = "main", variables = new Dictionary<string, string> { ["MARKER"] = marker } }, ct), HttpStatusCode.Created, ct);

            // … and that fail: bad ref, wrong project, unknown token, a personal access token, no ref.
            await KeepAsync(root.TriggerPipelineAsync($"{projectId}", mainToken, "no-such-branch", ct), HttpStatusCode.BadRequest, ct);
            await KeepAsync(root.TriggerPipelineAsync($"{otherId}", mainToken, "main", ct), HttpStatusCode.NotFound, ct);
            await KeepAsync(root.TriggerPipelineAsync($"{projectId}", foreignToken, "main", ct), HttpStatusCode.NotFound, ct);
            await KeepAsync(root.TriggerPipelineAsync($"{projectId}", unknownToken, "main", ct), HttpStatusCode.NotFound, ct);
            await KeepAsync(root.TriggerPipelineAsync($"{projectId}", alicePat, "main", ct), HttpStatusCode.NotFound, ct);
            await KeepAsync(root.TriggerPipelineAsync($"{projectId}", AllInOneApp.RootToken, "main", ct), HttpStatusCode.NotFound, ct);
            await KeepAsync(root.TriggerPipelineAsync($"{projectId}", mainToken, null, ct), HttpStatusCode.BadRequest, ct);

            // Rotation: the new secret works, the old one during its grace period.
            using (var rotation = await alice.SendAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/triggers/{rotated}/rotate", null, ct))
            {
                var answer = await GitLabApiClient.ExpectAsync(rotation, HttpStatusCode.OK, ct);
                var newToken = _secrets.Add("rotated trigger token (new)", answer["token"]?.GetValue<string>() ?? "");
                await KeepAsync(root.TriggerPipelineAsync($"{projectId}", newToken, "main", ct), HttpStatusCode.Created, ct);
                await KeepAsync(root.TriggerPipelineAsync($"{projectId}", rotatedToken, "main", ct), HttpStatusCode.Created, ct);
            }

            // Revocation: gone for good.
            await KeepAsync(alice.SendAsync(HttpMethod.Delete, $"/api/v4/projects/{projectId}/triggers/{revoked}", null, ct), HttpStatusCode.NoContent, ct);
            await KeepAsync(root.TriggerPipelineAsync($"{projectId}", revokedToken, "main", ct), HttpStatusCode.NotFound, ct);

            // Reading: a Maintainer who does not own the tokens sees short tokens; a Developer is refused.
            await KeepAsync(bob.GetAsync($"/api/v4/projects/{projectId}/triggers", ct), HttpStatusCode.OK, ct);
            await KeepAsync(bob.GetAsync($"/api/v4/projects/{projectId}/triggers/{main}", ct), HttpStatusCode.OK, ct);
            await KeepAsync(carol.GetAsync($"/api/v4/projects/{projectId}/triggers", ct), HttpStatusCode.Forbidden, ct);
            await KeepAsync(alice.GetAsync("/api/v4/user", ct), HttpStatusCode.OK, ct);
            await KeepAsync(root.GetAsync($"/api/v4/projects/{projectId}/pipelines/{pipeline["id"]}", ct), HttpStatusCode.OK, ct);
            await KeepAsync(root.As(unknownToken).GetAsync("/api/v4/user", ct), HttpStatusCode.Unauthorized, ct);
            using (var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/v4/user"))
            {
                bearer.Headers.Authorization = new("Bearer", bobPat);
                await KeepAsync(root.Http.SendAsync(bearer, ct), HttpStatusCode.OK, ct);
            }

            // A personal access token revoked by its user stops authenticating (once the gateway has dropped its cached identity).
            await KeepAsync(carol.SendAsync(HttpMethod.Delete, $"/api/v4/personal_access_tokens/{carolPatId}", null, ct), HttpStatusCode.NoContent, ct);
            await KeepUntilAsync(() => carol.GetAsync("/api/v4/user", ct), HttpStatusCode.Unauthorized, ct);
            using (var owners = await alice.GetAsync($"/api/v4/projects/{projectId}/triggers", ct))
            {
                // The owner's own listing is the one answer here that rightly holds the full tokens.
                Assert.Contains(mainToken, await owners.Content.ReadAsStringAsync(ct));
            }

            // Let the off-path work (last use, bus consumers) finish before the host stops.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        // The answers: nothing but the create/rotate answers and the owner's own listing may hold a secret.
        Assert.True(_answers.Count >= 25, $"only {_answers.Count} answers were kept");
        // The logs, at Trace for every category, and every span's tags and events, are really captured.
        Assert.Contains(logs.Entries, entry => entry.Contains("started pipeline", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, entry => entry.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(spans.Spans, span => span.StartsWith("WvsMesh.Tokens", StringComparison.Ordinal));
        // Every file the host left (SQLite databases with their -wal and -shm, mirrors, the key), byte for byte;
        // the search reads what was written: the pipelines' variables are there.
        var files = Directory.EnumerateFiles(app.DataDirectory, "*", SearchOption.AllDirectories).ToDictionary(file => file, ReadShared);
        Assert.Contains(files.Keys, file => Path.GetFileName(file) == "tokens.db");
        var pipelineFiles = files.Where(file => Path.GetFileName(file.Key).StartsWith("pipelines.db", StringComparison.Ordinal)).ToList();
        Assert.Contains(pipelineFiles, file => ContainsText(file.Value, marker));
        Assert.Contains(pipelineFiles, file => ContainsText(file.Value, "TRIGGER_PAYLOAD"));

        var found = Findings(logs, spans)
            .Concat(files.SelectMany(file => _secrets.FoundIn(file.Value).Select(name => $"{name} in {Path.GetRelativePath(app.DataDirectory, file.Key)}")))
            .ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));

        Directory.Delete(app.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task Token_in_the_query_string_is_not_logged()
    {
        // The trigger API takes its token from the query string too (GitLab does), where request logging would see it.
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturedLogs();
        using var spans = new CapturedActivities();
        using var repository = GitRepository.Create();
        await using var app = new AllInOneApp { Settings = TraceLogging };
        var root = CapturingLogs(app, logs);
        _secrets.Add("root token", AllInOneApp.RootToken);
        var project = await root.CreateProjectAsync("query-string", repository.Path, ct);
        var (_, token) = await CreateTriggerAsync(root, project["id"]?.GetValue<long>() ?? 0, "query string", ct);
        var unknownToken = _secrets.Add("unknown token", "wvsptt-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000");

        await KeepAsync(root.Http.PostAsync($"/api/v4/projects/{project["id"]}/trigger/pipeline?token={token}&ref=main", null, ct), HttpStatusCode.Created, ct);
        await KeepAsync(root.Http.PostAsync($"/api/v4/projects/{project["id"]}/trigger/pipeline?token={unknownToken}&ref=main", null, ct), HttpStatusCode.NotFound, ct);

        Assert.Contains(logs.Entries, entry => entry.Contains("started pipeline", StringComparison.Ordinal));
        var found = Findings(logs, spans).ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    /// <summary>The host with <paramref name="logs"/> beside its own log providers, and a client authenticated as root.</summary>
    private static GitLabApiClient CapturingLogs(AllInOneApp app, CapturedLogs logs)
    {
        var host = app.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(logs)));
        return new GitLabApiClient(host.CreateClient(), AllInOneApp.RootToken);
    }

    /// <summary>Each secret found in a kept answer, a log entry or a span, with where it was.</summary>
    private IEnumerable<string> Findings(CapturedLogs logs, CapturedActivities spans) =>
        _answers.SelectMany(answer => _secrets.FoundIn(answer).Select(name => $"{name} in answer: {answer}"))
            .Concat(logs.Entries.SelectMany(entry => _secrets.FoundIn(entry).Select(name => $"{name} in log: {entry}")))
            .Concat(spans.Spans.SelectMany(span => _secrets.FoundIn(span).Select(name => $"{name} in span: {span}")));

    /// <summary>Admin: creates a user and a personal access token of theirs (that answer holds the secret and is not kept).</summary>
    private async Task<(long Id, long TokenId, string Token)> CreateUserAsync(GitLabApiClient admin, string name, CancellationToken ct)
    {
        var username = $"{name}-{Guid.NewGuid():N}"[..20];
        var user = await KeepAsync(admin.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("username", username), ("name", name), ("email", $"{username}@example.com"), ("password", "secret-password-1")), HttpStatusCode.Created, ct);
        var id = user["id"]?.GetValue<long>() ?? 0;
        using var response = await admin.SendFormAsync(HttpMethod.Post, $"/api/v4/users/{id}/personal_access_tokens", ct, ("name", "secrets"), ("scopes[]", "api"));
        var token = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        return (id, token["id"]?.GetValue<long>() ?? 0, _secrets.Add($"personal access token of {name}", token["token"]?.GetValue<string>() ?? ""));
    }

    /// <summary>Creates a trigger token as <paramref name="owner"/> (the answer shows the owner the secret and is not kept).</summary>
    private async Task<(long Id, string Token)> CreateTriggerAsync(GitLabApiClient owner, long projectId, string description, CancellationToken ct)
    {
        using var response = await owner.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/triggers", ct, ("description", description));
        var trigger = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
        var token = trigger["token"]?.GetValue<string>() ?? "";
        return (trigger["id"]?.GetValue<long>() ?? 0, _secrets.Add($"trigger token '{description}'", token));
    }

    /// <summary>Keeps the answer (status, headers, body) for the search and checks its status.</summary>
    private async Task<JsonObject> KeepAsync(Task<HttpResponseMessage> sending, HttpStatusCode expected, CancellationToken ct)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync(ct);
        _answers.Add($"{(int)response.StatusCode}\n{response.Headers}{response.Content.Headers}\n{body}");
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length > 0 && JsonNode.Parse(body) is JsonObject json ? json : [];
    }

    /// <summary>Keeps answers to <paramref name="send"/> until one has <paramref name="expected"/> (at most 10 s).</summary>
    private async Task KeepUntilAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync(ct);
            _answers.Add($"{(int)response.StatusCode}\n{response.Headers}{response.Content.Headers}\n{body}");
            if (response.StatusCode == expected)
            {
                return;
            }
            await Task.Delay(100, ct);
        }
        Assert.Fail($"never answered {(int)expected}");
    }

    private static bool ContainsText(byte[] bytes, string text) => bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
