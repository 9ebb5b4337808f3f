using System.Net;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>The embedded host with local hook receivers allowed and quick retries, shared by the tests of a class.</summary>
public sealed class HookEmbeddedHost : IAsyncDisposable
{
    public AllInOneApp App { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Webhooks:AllowLocalRequests"] = "true",
            ["Webhooks:RetryBaseDelay"] = "00:00:00.200",
            ["Webhooks:DispatchInterval"] = "00:00:00.100",
        },
    };

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// Outbound project hooks on the embedded host, through the public API: GitLab's project webhooks API (Maintainer and
/// above), pipeline events delivered with retries and a delivery log, resending, and the local-network guard.
/// </summary>
public sealed class Sending_pipeline_events_to_project_hooks(HookEmbeddedHost host) : IClassFixture<HookEmbeddedHost>
{
    private readonly GitLabApiClient _root = host.App.Api();

    [Fact]
    public async Task Signed_event_fails_twice_then_succeeds_and_the_log_shows_all_three_attempts()
    {
        await HookScenarios.SignedEventSurvivesTwoFailuresAsync(_root, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Hooks_are_created_read_listed_updated_and_deleted_with_gitlabs_fields()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, HookScenarios.CiConfig, ct);
        var path = $"{project.Path}/hooks";

        var created = await HookScenarios.CreateHookAsync(project.Owner, project.Id, ct,
            ("url", "http://127.0.0.1:9/hook"), ("token", HookScenarios.SecretToken), ("name", "ci"), ("description", "tells the bot"));
        var id = CiProject.IdOf(created);
        using var read = await project.Owner.GetAsync($"{path}/{id}", ct);
        var hook = await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct);
        var list = await CiProject.ArrayAsync(project.Owner, path, ct);

        Assert.Equal(created.ToJsonString(), hook.ToJsonString());
        Assert.Equal("http://127.0.0.1:9/hook", hook["url"]?.GetValue<string>());
        Assert.Equal(project.Id, hook["project_id"]?.GetValue<long>());
        Assert.Equal(("ci", "tells the bot"), (hook["name"]?.GetValue<string>(), hook["description"]?.GetValue<string>()));
        // GitLab's defaults: pipeline events off until asked for, certificates verified; nothing else is ever sent.
        Assert.False(hook["pipeline_events"]?.GetValue<bool>());
        Assert.True(hook["enable_ssl_verification"]?.GetValue<bool>());
        Assert.False(hook["push_events"]?.GetValue<bool>());
        Assert.False(hook["job_events"]?.GetValue<bool>());
        Assert.Equal("executable", hook["alert_status"]?.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", hook["created_at"]?.GetValue<string>() ?? "");
        Assert.True(hook["token_present"]?.GetValue<bool>());
        Assert.False(hook["signing_token_present"]?.GetValue<bool>());
        Assert.Null(hook["token"]);
        Assert.DoesNotContain(HookScenarios.SecretToken, hook.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal([id], list.Select(entry => CiProject.IdOf(entry!.AsObject())));
        Assert.Null(list[0]?["url_variables"]);

        // A new URL drops the secret token (GitLab: it must not follow the hook to another receiver).
        using var updated = await project.Owner.SendFormAsync(HttpMethod.Put, $"{path}/{id}", ct,
            ("url", "http://127.0.0.1:10/other"), ("pipeline_events", "true"), ("enable_ssl_verification", "false"));
        var changed = await GitLabApiClient.ExpectAsync(updated, HttpStatusCode.OK, ct);
        Assert.Equal("http://127.0.0.1:10/other", changed["url"]?.GetValue<string>());
        Assert.True(changed["pipeline_events"]?.GetValue<bool>());
        Assert.False(changed["enable_ssl_verification"]?.GetValue<bool>());
        Assert.False(changed["token_present"]?.GetValue<bool>());
        Assert.Equal("ci", changed["name"]?.GetValue<string>());

        using var nothing = await project.Owner.SendFormAsync(HttpMethod.Put, $"{path}/{id}", ct);
        await Refusal.IsJsonAsync(nothing, 400, new JsonObject { ["message"] = "No parameters provided" }, ct);

        using var deleted = await project.Owner.SendAsync(HttpMethod.Delete, $"{path}/{id}", null, ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await project.Owner.GetAsync($"{path}/{id}", ct);
        await Refusal.IsJsonAsync(gone, 404, new JsonObject { ["message"] = "404 Not found" }, ct);
        using var goneAgain = await project.Owner.SendAsync(HttpMethod.Delete, $"{path}/{id}", null, ct);
        await Refusal.IsJsonAsync(goneAgain, 404, new JsonObject { ["message"] = "404 Not found" }, ct);
        Assert.Empty(await CiProject.ArrayAsync(project.Owner, path, ct));
    }

    [Theory]
    [InlineData(new[] { "pipeline_events", "true" }, 400, """{"error":"url is missing"}""")]
    [InlineData(new[] { "url", "ftp://example.com/hook" }, 422, """{"message":"Invalid url given"}""")]
    [InlineData(new[] { "url", "not a url" }, 422, """{"message":"Invalid url given"}""")]
    [InlineData(new[] { "url", "http://127.0.0.1:9/hook", "pipeline_events", "maybe" }, 400, """{"error":"pipeline_events is invalid"}""")]
    [InlineData(new[] { "url", "http://127.0.0.1:9/hook", "signing_token", "whsec_not base64!" }, 400, """{"error":"signing_token is invalid"}""")]
    public async Task Bad_hook_parameters_get_gitlabs_errors(string[] fields, int status, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, HookScenarios.CiConfig, ct);

        using var response = await project.Owner.SendFormAsync(HttpMethod.Post, $"{project.Path}/hooks", ct,
            [.. fields.Chunk(2).Select(pair => (pair[0], pair[1]))]);

        await Refusal.IsJsonAsync(response, status, JsonNode.Parse(body)!, ct);
        Assert.Empty(await CiProject.ArrayAsync(project.Owner, $"{project.Path}/hooks", ct));
    }

    [Theory]
    [InlineData(40, 200)]
    [InlineData(30, 403)]
    [InlineData(20, 403)]
    [InlineData(0, 404)]
    public async Task Only_maintainers_and_owners_manage_hooks(int accessLevel, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, HookScenarios.CiConfig, ct);
        var hook = await HookScenarios.CreateHookAsync(project.Owner, project.Id, ct, ("url", "http://127.0.0.1:9/hook"));
        var (_, user) = await project.NewUserAsync(accessLevel, ct);
        var path = $"{project.Path}/hooks";

        using var list = await user.GetAsync(path, ct);
        using var read = await user.GetAsync($"{path}/{CiProject.IdOf(hook)}", ct);
        using var events = await user.GetAsync($"{path}/{CiProject.IdOf(hook)}/events", ct);
        using var create = await user.SendFormAsync(HttpMethod.Post, path, ct, ("url", "http://127.0.0.1:9/mine"));
        using var update = await user.SendFormAsync(HttpMethod.Put, $"{path}/{CiProject.IdOf(hook)}", ct, ("pipeline_events", "true"));
        using var delete = await user.SendAsync(HttpMethod.Delete, $"{path}/{CiProject.IdOf(hook)}", null, ct);

        var refusal = status switch
        {
            403 => """{"message":"403 Forbidden"}""",
            404 => """{"message":"404 Project Not Found"}""",
            _ => null,
        };
        var expected = status == 200 ? [200, 200, 200, 201, 200, 204] : Enumerable.Repeat(status, 6).ToArray();
        Assert.Equal(expected, new[] { list, read, events, create, update, delete }.Select(response => (int)response.StatusCode));
        if (refusal is not null)
        {
            Assert.Equal(refusal, await create.Content.ReadAsStringAsync(ct));
            Assert.Equal(refusal, await list.Content.ReadAsStringAsync(ct));
        }
    }

    [Fact]
    public async Task Resending_a_logged_event_sends_its_payload_again_with_the_same_idempotency_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, HookScenarios.CiConfig, ct);
        await using var receiver = await HookReceiver.StartAsync(ct);
        var hook = await HookScenarios.CreateHookAsync(project.Owner, project.Id, ct, ("url", receiver.Url), ("pipeline_events", "true"));
        var hookPath = $"{project.Path}/hooks/{CiProject.IdOf(hook)}";
        await project.TriggerCreatedAsync("main", ct);
        var first = (await receiver.WaitForAsync(1, ct))[0];
        var logged = await HookScenarios.EventsAsync(project.Owner, project.Id, CiProject.IdOf(hook), 1, ct);

        using var resend = await project.Owner.SendAsync(HttpMethod.Post, $"{hookPath}/events/{logged[0]?["id"]}/resend", null, ct);

        await Refusal.IsJsonAsync(resend, 201, new JsonObject { ["response_status"] = 200 }, ct);
        var again = (await receiver.WaitForAsync(2, ct))[1];
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(first.Header("Idempotency-Key"), again.Header("Idempotency-Key"));
        Assert.NotEqual(first.Header("X-Gitlab-Webhook-UUID"), again.Header("X-Gitlab-Webhook-UUID"));
        var log = await HookScenarios.EventsAsync(project.Owner, project.Id, CiProject.IdOf(hook), 2, ct);
        Assert.Equal(["200", "200"], log.Select(entry => entry?["response_status"]?.GetValue<string>()));

        using var unknown = await project.Owner.SendAsync(HttpMethod.Post, $"{hookPath}/events/999999/resend", null, ct);
        await Refusal.IsJsonAsync(unknown, 404, new JsonObject { ["message"] = "404 Not found" }, ct);

        // GitLab refuses to resend to a URL the log entry was not sent to.
        using var moved = await project.Owner.SendFormAsync(HttpMethod.Put, hookPath, ct, ("url", receiver.Url + "/moved"));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        using var stale = await project.Owner.SendAsync(HttpMethod.Post, $"{hookPath}/events/{logged[0]?["id"]}/resend", null, ct);
        await Refusal.IsJsonAsync(stale, 422, new JsonObject { ["message"] = "The hook URL has changed, and this log entry cannot be retried" }, ct);
    }

    [Fact]
    public async Task Hook_tokens_are_encrypted_at_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, HookScenarios.CiConfig, ct);
        await using var receiver = await HookReceiver.StartAsync(ct);
        var signingKey = HookScenarios.SigningToken["whsec_".Length..];
        await HookScenarios.CreateHookAsync(project.Owner, project.Id, ct,
            ("url", receiver.Url), ("pipeline_events", "true"), ("token", HookScenarios.SecretToken), ("signing_token", HookScenarios.SigningToken));
        await project.TriggerCreatedAsync("main", ct);
        var request = (await receiver.WaitForAsync(1, ct))[0];

        // The receiver got them; no file of the host (webhooks.db with its -wal) holds either in plain text.
        Assert.Equal(HookScenarios.SecretToken, request.Header("X-Gitlab-Token"));
        var files = Directory.EnumerateFiles(host.App.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, file => Path.GetFileName(file).StartsWith("webhooks.db", StringComparison.Ordinal));
        var contents = new Dictionary<string, byte[]>();
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            contents[file] = copy.ToArray();
        }
        static bool Holds(byte[] bytes, string text) => bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
        // The search reads what was written: the stored event payload is there.
        Assert.Contains(contents.Values, bytes => Holds(bytes, "\"object_kind\":\"pipeline\""));
        Assert.DoesNotContain(contents, file => Holds(file.Value, HookScenarios.SecretToken));
        Assert.DoesNotContain(contents, file => Holds(file.Value, signingKey));
    }

    [Fact]
    public async Task A_redelivered_pipeline_created_message_is_sent_to_each_hook_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, HookScenarios.CiConfig, ct);
        await using var receiver = await HookReceiver.StartAsync(ct);
        await using var quiet = await HookReceiver.StartAsync(ct);
        var hook = await HookScenarios.CreateHookAsync(project.Owner, project.Id, ct, ("url", receiver.Url), ("pipeline_events", "true"));
        await HookScenarios.CreateHookAsync(project.Owner, project.Id, ct, ("url", quiet.Url), ("pipeline_events", "false"));
        var pipeline = await project.TriggerCreatedAsync("main", ct);
        await receiver.WaitForAsync(1, ct);

        // At-least-once delivery: the same news again (as a redelivery would bring it) queues no second event.
        var bus = host.App.Services.GetRequiredService<IBus>();
        var again = new PipelineCreated(Guid.NewGuid(), new PipelineSnapshot
        {
            Id = CiProject.IdOf(pipeline),
            Iid = 1,
            ProjectId = project.Id,
            Sha = pipeline["sha"]?.GetValue<string>() ?? "",
            Ref = "main",
            Status = pipeline["status"]?.GetValue<string>() ?? "",
            Source = "trigger",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            WebUrl = "http://127.0.0.1:8080/x/-/pipelines/1",
        });
        await bus.Publish(again, ct);
        await bus.Publish(again, ct);
        // Ten dispatch rounds: time enough for a second event to go out, were there one.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);

        Assert.Single(receiver.Requests);
        Assert.Empty(quiet.Requests);
        Assert.Single(await CiProject.ArrayAsync(project.Owner, $"{project.Path}/hooks/{CiProject.IdOf(hook)}/events", ct));
    }
}
