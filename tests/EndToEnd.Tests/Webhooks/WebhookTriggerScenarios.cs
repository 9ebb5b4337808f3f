using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>
/// Issue #5, acceptance 1–3: the webhook form of the trigger URL, <c>POST /projects/:id/ref/:ref/trigger/pipeline</c>,
/// through the real HTTP API. Each composition runs these same cases (see the derived classes).
/// </summary>
public abstract class WebhookTriggerScenarios
{
    /// <summary>A GitLab push event, as a project's push webhook sends it.</summary>
    public const string PushEvent = """
        {"object_kind":"push","event_name":"push","before":"95790bf891e76fee5e1747ab589903a6a1f80f22",
         "after":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","ref":"refs/heads/main","checkout_sha":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
         "user_id":4,"user_name":"John Smith","user_username":"jsmith","project_id":15,
         "project":{"id":15,"name":"Diaspora","path_with_namespace":"mike/diaspora","default_branch":"main"},
         "commits":[{"id":"b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327","message":"Update Catalan translation to e38cb41.\n",
           "timestamp":"2011-12-12T14:27:31+02:00","author":{"name":"Jordi Mallach","email":"jordi@softcatala.org"},
           "added":["CHANGELOG"],"modified":["app/controller/application.rb"],"removed":[]}],
         "total_commits_count":1,"repository":{"name":"Diaspora","url":"git@example.com:mike/diaspora.git"}}
        """;

    private const string CiConfig = "build:\n  script: cat \"$TRIGGER_PAYLOAD\"\n";

    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    [Fact]
    public async Task A_push_event_with_an_encoded_ref_creates_a_pipeline_on_the_urls_ref_with_its_payload()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        var body = Encoding.UTF8.GetBytes(PushEvent);

        using var response = await PostAsync(ci, "feature%2Fx", body, "application/json", [("token", ci.Token)], null, ct);
        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);

        Assert.Equal("feature/x", CiProject.Text(pipeline, "ref"));
        Assert.Equal(ci.Repository.Head("feature/x"), CiProject.Text(pipeline, "sha"));
        Assert.Equal("trigger", CiProject.Text(pipeline, "source"));
        var variables = await VariablesAsync(ci, pipeline, ct);
        // GitLab's TRIGGER_PAYLOAD: every parameter but the token, the route's id and ref winning over the body's.
        var expected = JsonNode.Parse(PushEvent)!.AsObject();
        expected["ref"] = "feature/x";
        expected["id"] = ci.Id.ToString(CultureInfo.InvariantCulture);
        expected["variables"] = new JsonObject();
        var payload = JsonNode.Parse(variables["TRIGGER_PAYLOAD"].Value)!;
        Assert.True(JsonNode.DeepEquals(expected, payload), $"TRIGGER_PAYLOAD was {payload.ToJsonString()}");
        Assert.Equal("file", variables["TRIGGER_PAYLOAD"].Type);
        Assert.Equal(PushEvent, variables["TRIGGER_PAYLOAD_RAW"].Value);
        Assert.Equal("file", variables["TRIGGER_PAYLOAD_RAW"].Type);
        // The job sees the same variables, and the raw body is kept byte for byte with its content type.
        var job = Assert.Single(await ci.JobsAsync(pipeline, ct));
        var jobVariables = await CiProject.ArrayAsync(root, $"{ci.Path}/jobs/{CiProject.IdOf(job)}/variables", ct);
        Assert.Contains(jobVariables.OfType<JsonObject>(), v => CiProject.Text(v, "key") == "TRIGGER_PAYLOAD_RAW" && v["value"]?.GetValue<string>() == PushEvent);
        var (raw, type) = await BytesAsync(root, $"{ci.Path}/pipelines/{CiProject.IdOf(pipeline)}/payload", ct);
        Assert.Equal(body, raw);
        Assert.Equal("application/json", type);
    }

    [Fact]
    public async Task The_ref_may_come_with_plain_slashes_and_the_token_in_a_header()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);

        using var response = await PostAsync(ci, "feature/x", Encoding.UTF8.GetBytes(PushEvent), "application/json", null, [("X-Gitlab-Token", ci.Token)], ct);
        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);

        Assert.Equal("feature/x", CiProject.Text(pipeline, "ref"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_accepted_and_kept_byte_for_byte()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        byte[] body = [0x00, 0xff, 0x10, (byte)'h', (byte)'i', 0xc3];

        using var response = await PostAsync(ci, "main", body, "application/octet-stream", [("token", ci.Token), ("extra", "1")], null, ct);
        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);

        var variables = await VariablesAsync(ci, pipeline, ct);
        var payload = JsonNode.Parse(variables["TRIGGER_PAYLOAD"].Value)!;
        var expected = new JsonObject { ["extra"] = "1", ["id"] = ci.Id.ToString(CultureInfo.InvariantCulture), ["ref"] = "main", ["variables"] = new JsonObject() };
        Assert.True(JsonNode.DeepEquals(expected, payload), $"TRIGGER_PAYLOAD was {payload.ToJsonString()}");
        // Not text: the variables list shows it in base64; the payload endpoint (and a runner's file) has the bytes.
        Assert.Equal("base64:" + Convert.ToBase64String(body), variables["TRIGGER_PAYLOAD_RAW"].Value);
        var (raw, type) = await BytesAsync(root, $"{ci.Path}/pipelines/{CiProject.IdOf(pipeline)}/payload", ct);
        Assert.Equal(body, raw);
        Assert.Equal("application/octet-stream", type);
    }

    [Fact]
    public async Task A_payload_over_the_limit_gets_413_and_no_pipeline()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        var body = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 1024 * 1024) + "\"}");

        using var response = await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], null, ct);

        await Refusal.IsJsonAsync(response, 413, JsonNode.Parse("""{"message":"413 Request Entity Too Large"}""")!, ct);
        Assert.Empty(await CiProject.ArrayAsync(root, $"{ci.Path}/pipelines", ct));
        var delivery = Assert.Single(await DeliveriesAsync(ci, 1, ct));
        Assert.Equal(413, delivery["status_code"]?.GetValue<int>());
    }

    [Fact]
    public async Task A_pipeline_hook_request_is_refused_as_gitlab_refuses_it()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);

        using var response = await PostAsync(ci, "main", Encoding.UTF8.GetBytes("{}"), "application/json", [("token", ci.Token)], [("X-Gitlab-Event", "Pipeline Hook")], ct);

        await Refusal.IsJsonAsync(response, 403, JsonNode.Parse("""{"message":"403 Forbidden"}""")!, ct);
        Assert.Empty(await CiProject.ArrayAsync(root, $"{ci.Path}/pipelines", ct));
    }

    [Fact]
    public async Task Unknown_revoked_and_personal_tokens_get_404()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        var (_, _, user) = await root.CreateUserAsync(null, ct);
        var personal = user.PrivateToken;
        var revoked = await ci.Owner.CreateTriggerAsync(ci.Id, "to revoke", ct);
        using (var revoke = await ci.Owner.SendAsync(HttpMethod.Delete, $"{ci.Path}/triggers/{CiProject.IdOf(revoked)}", null, ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        foreach (var token in new[] { "wvsptt-" + new string('0', 40), CiProject.Text(revoked, "token"), personal })
        {
            using var response = await PostAsync(ci, "main", Encoding.UTF8.GetBytes(PushEvent), "application/json", [("token", token)], null, ct);
            await Refusal.IsJsonAsync(response, 404, JsonNode.Parse("""{"message":"404 Not Found"}""")!, ct);
        }
        Assert.Empty(await CiProject.ArrayAsync(root, $"{ci.Path}/pipelines", ct));
        // The delivery log files them under the project, without their bodies or tokens.
        var log = await DeliveriesAsync(ci, 3, ct);
        Assert.Equal(3, log.Count);
        Assert.All(log, delivery => Assert.Equal(404, delivery["status_code"]?.GetValue<int>()));
        var text = string.Concat(log.Select(delivery => delivery.ToJsonString()));
        Assert.DoesNotContain(CiProject.Text(revoked, "token"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
    }
    [Fact]
    public async Task The_same_delivery_twice_creates_one_pipeline_and_both_answers_name_it()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        var uuid = Guid.NewGuid().ToString();
        var body = Encoding.UTF8.GetBytes(PushEvent);

        using var first = await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], [("X-Gitlab-Event-UUID", uuid)], ct);
        using var second = await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], [("X-Gitlab-Event-UUID", uuid)], ct);
        using var other = await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], [("X-GitHub-Delivery", Guid.NewGuid().ToString())], ct);

        var created = await GitLabApiClient.ExpectAsync(first, HttpStatusCode.Created, ct);
        var repeated = await GitLabApiClient.ExpectAsync(second, HttpStatusCode.Created, ct);
        var another = await GitLabApiClient.ExpectAsync(other, HttpStatusCode.Created, ct);
        Assert.Equal(CiProject.IdOf(created), CiProject.IdOf(repeated));
        Assert.NotEqual(CiProject.IdOf(created), CiProject.IdOf(another));
        Assert.Equal(2, (await CiProject.ArrayAsync(root, $"{ci.Path}/pipelines", ct)).Count);
        var log = await DeliveriesAsync(ci, 3, ct, log => log.Count(d => CiProject.Text(d, "outcome") == "duplicate") == 1);
        Assert.Equal(["created", "duplicate", "created"], log.Select(d => CiProject.Text(d, "outcome")));
        Assert.Equal([uuid, uuid], log.Take(2).Select(d => CiProject.Text(d, "delivery_id")));
        Assert.All(log.Take(2), d => Assert.Equal(CiProject.IdOf(created), d["pipeline_id"]?.GetValue<long>()));
        Assert.All(log, d => Assert.Equal("main", CiProject.Text(d, "ref")));
    }

    [Fact]
    public async Task The_same_idempotency_key_on_the_api_form_creates_one_pipeline()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        var key = Guid.NewGuid().ToString();

        var ids = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{ci.Path}/trigger/pipeline")
            {
                Content = new FormUrlEncodedContent([new("token", ci.Token), new("ref", "main")]),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await root.Http.SendAsync(request, ct);
            ids.Add(CiProject.IdOf(await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct)));
        }

        Assert.Equal(ids[0], ids[1]);
        Assert.Single(await CiProject.ArrayAsync(root, $"{ci.Path}/pipelines", ct));
    }

    [Fact]
    public async Task A_signed_trigger_token_refuses_unsigned_wrongly_signed_and_replayed_deliveries()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        using (var update = await ci.Owner.SendFormAsync(HttpMethod.Put, $"{ci.Path}/triggers/{ci.TriggerId}", ct, ("description", "ci"), ("signing_secret", secret)))
        {
            var entity = await GitLabApiClient.ExpectAsync(update, HttpStatusCode.OK, ct);
            Assert.True(entity["signature_required"]?.GetValue<bool>());
            Assert.DoesNotContain(secret, entity.ToJsonString(), StringComparison.Ordinal);
        }
        var body = Encoding.UTF8.GetBytes(PushEvent);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = "msg_" + Guid.NewGuid().ToString("N");

        var refusals = new List<(string Case, HttpResponseMessage Response)>
        {
            ("unsigned", await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], null, ct)),
            ("wrongly signed", await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], StandardHeaders(id, now, "v1," + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), ct)),
            ("signed over another body", await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], StandardHeaders(id, now, StandardSignature(secret, id, now, Encoding.UTF8.GetBytes("{}"))), ct)),
            ("replayed", await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], StandardHeaders("msg_old", now - 3600, StandardSignature(secret, "msg_old", now - 3600, body)), ct)),
            ("wrong GitHub signature", await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], [("X-Hub-Signature-256", "sha256=" + new string('0', 64)), ("X-GitHub-Delivery", Guid.NewGuid().ToString())], ct)),
            // #13: GitHub signs no time; the delivery id is the only way to tell a redelivery.
            ("GitHub signature without its delivery id", await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], [("X-Hub-Signature-256", GitHubSignature(secret, body))], ct)),
        };
        foreach (var (name, response) in refusals)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: expected 401, got {(int)response.StatusCode}: {text}");
                Assert.StartsWith("401 Unauthorized - ", JsonNode.Parse(text)?["message"]?.GetValue<string>(), StringComparison.Ordinal);
            }
        }
        Assert.Empty(await CiProject.ArrayAsync(root, $"{ci.Path}/pipelines", ct));

        using var standard = await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], StandardHeaders(id, now, StandardSignature(secret, id, now, body)), ct);
        await GitLabApiClient.ExpectAsync(standard, HttpStatusCode.Created, ct);
        using var github = await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], [("X-Hub-Signature-256", GitHubSignature(secret, body)), ("X-GitHub-Delivery", Guid.NewGuid().ToString())], ct);
        await GitLabApiClient.ExpectAsync(github, HttpStatusCode.Created, ct);

        var log = await DeliveriesAsync(ci, 8, ct);
        Assert.Equal([401, 401, 401, 401, 401, 401, 201, 201], log.Select(d => d["status_code"]?.GetValue<int>() ?? 0));
        Assert.Contains("outside", CiProject.Text(log[3], "message"), StringComparison.Ordinal);
        Assert.DoesNotContain(ci.Token, string.Concat(log.Select(d => d.ToJsonString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_github_signed_delivery_names_the_first_pipeline_and_creates_no_other()
    {
        // #13, finding 10: GitHub signs no time, so a captured delivery stays validly signed; its X-GitHub-Delivery id,
        // which the signature requires, makes a replay a duplicate of the delivery it copies.
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        using (var update = await ci.Owner.SendFormAsync(HttpMethod.Put, $"{ci.Path}/triggers/{ci.TriggerId}", ct, ("description", "ci"), ("signing_secret", secret)))
        {
            await GitLabApiClient.ExpectAsync(update, HttpStatusCode.OK, ct);
        }
        var body = Encoding.UTF8.GetBytes(PushEvent);
        (string, string)[] signed = [("X-Hub-Signature-256", GitHubSignature(secret, body)), ("X-GitHub-Delivery", Guid.NewGuid().ToString())];

        using var first = await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], signed, ct);
        using var replay = await PostAsync(ci, "main", body, "application/json", [("token", ci.Token)], signed, ct);

        var created = await GitLabApiClient.ExpectAsync(first, HttpStatusCode.Created, ct);
        var replayed = await GitLabApiClient.ExpectAsync(replay, HttpStatusCode.Created, ct);
        Assert.Equal(CiProject.IdOf(created), CiProject.IdOf(replayed));
        Assert.Single(await CiProject.ArrayAsync(root, $"{ci.Path}/pipelines", ct));
        var log = await DeliveriesAsync(ci, 2, ct, log => log.Any(d => CiProject.Text(d, "outcome") == "duplicate"));
        Assert.Equal(["created", "duplicate"], log.Select(d => CiProject.Text(d, "outcome")));
    }

    [Fact]
    public async Task The_delivery_log_is_for_maintainers_and_never_holds_the_token()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, CiConfig, ct);
        // A token in the body itself is masked in what is kept (the record and TRIGGER_PAYLOAD_RAW).
        var body = Encoding.UTF8.GetBytes($$"""{"token":"{{ci.Token}}","note":"hello"}""");
        using var response = await PostAsync(ci, "main", body, "application/json", null, [("X-GitHub-Event", "push")], ct);
        var pipeline = await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);

        var delivery = Assert.Single(await DeliveriesAsync(ci, 1, ct));
        Assert.Equal("push", CiProject.Text(delivery, "event"));
        Assert.Equal(body.Length, delivery["size"]?.GetValue<long>());
        var (kept, _) = await BytesAsync(ci.Owner, $"{ci.Path}/trigger_deliveries/{CiProject.IdOf(delivery)}/payload", ct);
        Assert.Equal("""{"token":"[MASKED]","note":"hello"}""", Encoding.UTF8.GetString(kept));
        var (raw, _) = await BytesAsync(root, $"{ci.Path}/pipelines/{CiProject.IdOf(pipeline)}/payload", ct);
        Assert.Equal("""{"token":"[MASKED]","note":"hello"}""", Encoding.UTF8.GetString(raw));
        var variables = await VariablesAsync(ci, pipeline, ct);
        Assert.DoesNotContain(ci.Token, string.Concat(variables.Values.Select(v => v.Value)), StringComparison.Ordinal);

        var (_, developer) = await ci.NewUserAsync(30, ct);
        var (_, stranger) = await ci.NewUserAsync(0, ct);
        using var forbidden = await developer.GetAsync($"{ci.Path}/trigger_deliveries", ct);
        using var hidden = await stranger.GetAsync($"{ci.Path}/trigger_deliveries", ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    private CancellationToken Arrange(out GitLabApiClient root)
    {
        Require();
        root = Root();
        return TestContext.Current.CancellationToken;
    }

    /// <summary>A webhook delivery: no user credentials, only what a sender would send.</summary>
    private static async Task<HttpResponseMessage> PostAsync(
        CiProject ci, string refSegment, byte[] body, string contentType,
        (string Name, string Value)[]? query, (string Name, string Value)[]? headers, CancellationToken ct)
    {
        var queryString = string.Join('&', (query ?? []).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ci.Path}/ref/{refSegment}/trigger/pipeline?{queryString}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await ci.Root.Http.SendAsync(request, ct);
    }

    private static (string, string)[] StandardHeaders(string id, long timestamp, string signature) =>
        [("webhook-id", id), ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)), ("webhook-signature", signature)];

    /// <summary>The Standard Webhooks signature, computed here independently of the service's code.</summary>
    private static string GitHubSignature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string StandardSignature(string secret, string id, long timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    private static async Task<Dictionary<string, (string Value, string Type)>> VariablesAsync(CiProject ci, JsonObject pipeline, CancellationToken ct)
    {
        var variables = await CiProject.ArrayAsync(ci.Root, $"{ci.Path}/pipelines/{CiProject.IdOf(pipeline)}/variables", ct);
        return variables.OfType<JsonObject>().ToDictionary(
            v => CiProject.Text(v, "key"), v => (CiProject.Text(v, "value"), CiProject.Text(v, "variable_type")));
    }

    /// <summary>
    /// The project's delivery log in the order the deliveries arrived, once it holds <paramref name="count"/> of them (and
    /// <paramref name="settled"/> holds): Tokens answers a delivery first and the log learns of it by an event, a moment later.
    /// </summary>
    private static async Task<List<JsonObject>> DeliveriesAsync(CiProject ci, int count, CancellationToken ct, Func<List<JsonObject>, bool>? settled = null)
    {
        var log = await Eventually.UntilAsync(
            async () => (await CiProject.ArrayAsync(ci.Owner, $"{ci.Path}/trigger_deliveries?per_page=100", ct)).OfType<JsonObject>()
                .OrderBy(d => DateTimeOffset.Parse(CiProject.Text(d, "received_at"), CultureInfo.InvariantCulture)).ThenBy(CiProject.IdOf).ToList(),
            log => log.Count >= count && (settled is null || settled(log)), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50), ct);
        Assert.True(log.Count == count, $"expected {count} deliveries in the log, found {log.Count}");
        return log;
    }

    private static async Task<(byte[] Body, string? ContentType)> BytesAsync(GitLabApiClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return (body, response.Content.Headers.ContentType?.MediaType);
    }
}
