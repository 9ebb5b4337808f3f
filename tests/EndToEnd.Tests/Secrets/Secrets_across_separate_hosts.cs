using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Secrets;

/// <summary>
/// #3 acceptance 5 in the distributed composition: a trigger token and a personal access token used through the
/// gateway appear neither in any host's output (its logs and the spans it prints) nor in the Tokens and Pipelines
/// databases on PostgreSQL.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Secrets_across_separate_hosts(DistributedHosts hosts)
{
    private readonly PlaintextSecrets _secrets = new();

    [Fact]
    public async Task No_token_is_in_any_hosts_output_or_database()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        var root = hosts.Api();
        using var repository = GitRepository.Create();
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        _secrets.Add("root token", DistributedHosts.RootToken);

        // A user with a personal access token creates a project and a trigger token, all through the gateway.
        var username = "secrets-" + Guid.NewGuid().ToString("N")[..12];
        var pat = await CreateUserWithTokenAsync(root, username, ct);
        var user = root.As(pat);
        using var me = await user.GetAsync("/api/v4/user", ct);
        var userId = (await GitLabApiClient.ExpectAsync(me, HttpStatusCode.OK, ct))["id"]?.GetValue<long>();
        // Only an admin may import a local path (#13): root creates the user's project for them.
        using var created = await root.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/user/{userId}", ct, ("name", "secrets"), ("import_url", repository.Path));
        var project = await GitLabApiClient.ExpectAsync(created, HttpStatusCode.Created, ct);
        var projectId = $"{project["id"]}";
        var projectPath = project["path_with_namespace"]?.GetValue<string>() ?? "";
        using var triggerCreated = await user.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/triggers", ct, ("description", "secrets"));
        var trigger = await GitLabApiClient.ExpectAsync(triggerCreated, HttpStatusCode.Created, ct);
        var token = _secrets.Add("trigger token", trigger["token"]?.GetValue<string>() ?? "");

        // The personal access token in both headers; the trigger token as a form, JSON and a query string; failures.
        await ExpectAsync(user.GetAsync("/api/v4/user", ct), HttpStatusCode.OK);
        using (var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/v4/user"))
        {
            bearer.Headers.Authorization = new("Bearer", pat);
            await ExpectAsync(root.Http.SendAsync(bearer, ct), HttpStatusCode.OK);
        }
        await ExpectAsync(root.TriggerPipelineAsync(projectId, token, "main", ct, ("variables[MARKER]", marker)), HttpStatusCode.Created);
        await ExpectAsync(root.Http.PostAsJsonAsync($"/api/v4/projects/{projectId}/trigger/pipeline",
            new { token, @ref = "main", variables = new Dictionary<string, string> { ["MARKER"] = marker } }, ct), HttpStatusCode.Created);
        await ExpectAsync(root.Http.PostAsync($"/api/v4/projects/{projectId}/trigger/pipeline?token={token}&ref=main", null, ct), HttpStatusCode.Created);
        await ExpectAsync(root.TriggerPipelineAsync(projectId, token, "no-such-branch", ct), HttpStatusCode.BadRequest);
        await ExpectAsync(root.TriggerPipelineAsync(projectId, pat, "main", ct), HttpStatusCode.NotFound);
        using var elsewhere = await root.SendFormAsync(HttpMethod.Post, "/api/v4/projects", ct, ("name", "elsewhere-" + Guid.NewGuid().ToString("N")[..8]), ("import_url", repository.Path));
        var otherProjectId = $"{(await GitLabApiClient.ExpectAsync(elsewhere, HttpStatusCode.Created, ct))["id"]}";
        await ExpectAsync(root.TriggerPipelineAsync(otherProjectId, token, "main", ct), HttpStatusCode.NotFound);

        // The webhook form: the token in the query string, in X-Gitlab-Token, and in the body; then signed.
        var webhook = $"/api/v4/projects/{projectId}/ref/main/trigger/pipeline";
        await ExpectAsync(root.Http.PostAsync($"{webhook}?token={token}", new StringContent($"{{\"marker\":\"{marker}\"}}", Encoding.UTF8, "application/json"), ct), HttpStatusCode.Created);
        using (var headed = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
        {
            headed.Headers.Add("X-Gitlab-Token", token);
            await ExpectAsync(root.Http.SendAsync(headed, ct), HttpStatusCode.Created);
        }
        await ExpectAsync(root.Http.PostAsync(webhook, new StringContent($"{{\"token\":\"{token}\"}}", Encoding.UTF8, "application/json"), ct), HttpStatusCode.Created);
        var signingSecret = _secrets.Add("signing secret", "signing-secret-" + Guid.NewGuid().ToString("N"));
        using (var update = await user.SendFormAsync(HttpMethod.Put, $"/api/v4/projects/{projectId}/triggers/{trigger["id"]}", ct,
            ("description", "secrets"), ("signing_secret", signingSecret)))
        {
            // This answer shows the owner their own token, and must not show the signing secret.
            var shown = await update.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            Assert.DoesNotContain(signingSecret, shown, StringComparison.Ordinal);
        }
        await ExpectAsync(root.Http.PostAsync($"{webhook}?token={token}", new StringContent("{}", Encoding.UTF8, "application/json"), ct), HttpStatusCode.Unauthorized);
        using (var signed = new HttpRequestMessage(HttpMethod.Post, $"{webhook}?token={token}") { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
        {
            signed.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(
                System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), "{}"u8)));
            signed.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            await ExpectAsync(root.Http.SendAsync(signed, ct), HttpStatusCode.Created);
        }
        using (var unsign = await user.SendFormAsync(HttpMethod.Put, $"/api/v4/projects/{projectId}/triggers/{trigger["id"]}", ct,
            ("description", "secrets"), ("signing_secret", "")))
        {
            Assert.Equal(HttpStatusCode.OK, unsign.StatusCode);
        }

        // The last trigger carries a trace id; once every host has printed its spans, the earlier ones are printed too.
        using var caller = new Activity("caller").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        var traceId = caller.TraceId.ToHexString();
        using (var traced = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/projects/{projectId}/trigger/pipeline?token={token}&ref=main"))
        {
            traced.Headers.Add("traceparent", $"00-{traceId}-{caller.SpanId}-01");
            await ExpectAsync(root.Http.SendAsync(traced, ct), HttpStatusCode.Created);
        }
        for (var i = 0; i < 100 && !new[] { hosts.Gateway, hosts.Tokens, hosts.Pipelines }.All(host => host.Output.Contains(traceId, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100, ct);
        }
        await Task.Delay(500, ct);

        var outputs = new[] { hosts.Gateway, hosts.Tokens, hosts.Pipelines, hosts.Webhooks }.ToDictionary(host => host.Name, host => host.Output);
        Assert.All(outputs.Where(output => output.Key != "Webhooks").Select(output => output.Value), output => Assert.Contains(traceId, output));
        var found = outputs.SelectMany(output => _secrets.FoundIn(output.Value).Select(name => $"{name} in the output of {output.Key}")).ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));

        // The databases: every row of every table of the Tokens and Pipelines databases this composition uses.
        if (Environment.GetEnvironmentVariable("WVS_TEST_POSTGRES") is not { Length: > 0 } admin)
        {
            Assert.Skip("the host output is clean; searching the databases needs WVS_TEST_POSTGRES (DistributedHosts does not expose them)");
            return;
        }
        var tokensDatabase = await FindDatabaseAsync(admin, "wvs_tokens_", "SELECT count(*) FROM users WHERE username = @value", username, ct);
        var pipelinesDatabase = await FindDatabaseAsync(admin, "wvs_pipelines_", "SELECT count(*) FROM pipelines WHERE project_path = @value", projectPath, ct);
        var webhooksDatabase = await FindDatabaseAsync(admin, "wvs_webhooks_", "SELECT count(*) FROM trigger_deliveries WHERE position(convert_to(@value, 'UTF8') in body) > 0", marker, ct);
        var (tokensRows, tokensBlobs) = await ReadEveryRowAsync(admin, tokensDatabase, ct);
        var (pipelinesRows, pipelinesBlobs) = await ReadEveryRowAsync(admin, pipelinesDatabase, ct);
        var (webhooksRows, webhooksBlobs) = await ReadEveryRowAsync(admin, webhooksDatabase, ct);
        Assert.Contains(webhooksBlobs, blob => Encoding.UTF8.GetString(blob).Contains(marker, StringComparison.Ordinal));

        Assert.Contains(tokensRows, row => row.Contains(username, StringComparison.Ordinal));
        Assert.Contains(pipelinesRows, row => row.Contains(marker, StringComparison.Ordinal));
        Assert.Contains(pipelinesRows, row => row.Contains("TRIGGER_PAYLOAD", StringComparison.Ordinal));
        found = tokensRows.SelectMany(row => _secrets.FoundIn(row).Select(name => $"{name} in {tokensDatabase}: {row}"))
            .Concat(pipelinesRows.SelectMany(row => _secrets.FoundIn(row).Select(name => $"{name} in {pipelinesDatabase}: {row}")))
            .Concat(webhooksRows.SelectMany(row => _secrets.FoundIn(row).Select(name => $"{name} in {webhooksDatabase}: {row}")))
            .Concat(tokensBlobs.Concat(pipelinesBlobs).Concat(webhooksBlobs).SelectMany(blob => _secrets.FoundIn(blob).Select(name => $"{name} in a bytea value")))
            .ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    /// <summary>Admin: a new user and their personal access token (that answer holds the secret).</summary>
    private async Task<string> CreateUserWithTokenAsync(GitLabApiClient admin, string username, CancellationToken ct)
    {
        using var created = await admin.SendFormAsync(HttpMethod.Post, "/api/v4/users", ct,
            ("username", username), ("name", username), ("email", $"{username}@example.com"));
        var user = await GitLabApiClient.ExpectAsync(created, HttpStatusCode.Created, ct);
        using var issued = await admin.SendFormAsync(HttpMethod.Post, $"/api/v4/users/{user["id"]}/personal_access_tokens", ct, ("name", "secrets"), ("scopes[]", "api"));
        var token = await GitLabApiClient.ExpectAsync(issued, HttpStatusCode.Created, ct);
        return _secrets.Add("personal access token", token["token"]?.GetValue<string>() ?? "");
    }

    /// <summary>Checks the status; the body must not hold a secret either (none of these answers hands one out).</summary>
    private async Task ExpectAsync(Task<HttpResponseMessage> sending, HttpStatusCode expected)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        var answer = $"{response.Headers}{response.Content.Headers}\n{body}";
        Assert.Empty(_secrets.FoundIn(answer));
    }

    /// <summary>
    /// The database named <paramref name="prefix"/>… (TestServers.NewDatabaseAsync) in which <paramref name="ownership"/>
    /// finds <paramref name="value"/>: the one this composition's host uses, among those of other runs.
    /// </summary>
    private static async Task<string> FindDatabaseAsync(string admin, string prefix, string ownership, string value, CancellationToken ct)
    {
        var names = new List<string>();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(ct);
            await using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @prefix) ORDER BY datname", connection);
            list.Parameters.AddWithValue("prefix", prefix);
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }
        var ours = new List<string>();
        foreach (var name in names)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString);
                await connection.OpenAsync(ct);
                await using var probe = new NpgsqlCommand(ownership, connection);
                probe.Parameters.AddWithValue("value", value);
                if ((long)(await probe.ExecuteScalarAsync(ct) ?? 0L) > 0)
                {
                    ours.Add(name);
                }
            }
            catch (PostgresException)
            {
                // Another run's database, not migrated (yet) or being dropped.
            }
        }
        return Assert.Single(ours);
    }

    /// <summary>Every row of every table in <paramref name="database"/> as text, and every <c>bytea</c> value as it is.</summary>
    private static async Task<(List<string> Rows, List<byte[]> Blobs)> ReadEveryRowAsync(string admin, string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = new List<string>();
        var blobs = new List<byte[]>();
        foreach (var table in tables)
        {
            // The name comes from the catalog, quoted as an identifier.
            await using var select = new NpgsqlCommand($"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var row = new StringBuilder(table);
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    var value = reader.GetValue(column);
                    if (value is byte[] bytes)
                    {
                        blobs.Add(bytes);
                        row.Append(" | <").Append(bytes.Length).Append(" bytes>");
                    }
                    else
                    {
                        row.Append(" | ").Append(value);
                    }
                }
                rows.Add(row.ToString());
            }
        }
        return (rows, blobs);
    }
}
