using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Webhooks;

/// <summary>
/// The outbound-hook acceptance, run the same way on the embedded host and on separate hosts: "An outbound hook on a
/// local test receiver gets a signed pipeline event; when the receiver fails twice, the third attempt succeeds and the
/// delivery log shows all three."
/// </summary>
internal static class HookScenarios
{
    /// <summary>Manual jobs: no runner takes them, so the pipeline's one event is its creation (#6 runners announce changes).</summary>
    public const string CiConfig = """
        build:
          script: echo build
          when: manual
        test:
          stage: test
          script: echo test
          when: manual

        """;

    /// <summary>A Standard Webhooks signing token: <c>whsec_</c> and base64 of 32 bytes.</summary>
    public static readonly string SigningToken = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    public const string SecretToken = "hook-secret-token-3f9a1c77d2";

    public const string TriggerVariable = "variable-value-never-in-hooks-81d2";

    /// <summary>The acceptance: a signed event, two failures, a third attempt that succeeds, a log of all three.</summary>
    public static async Task SignedEventSurvivesTwoFailuresAsync(GitLabApiClient root, CancellationToken ct)
    {
        using var project = await CiProject.ArrangeAsync(root, CiConfig, ct);
        await using var receiver = await HookReceiver.StartAsync(ct, 500, 503);
        var hook = await CreateHookAsync(project.Owner, project.Id, ct,
            ("url", receiver.Url), ("pipeline_events", "true"), ("token", SecretToken), ("signing_token", SigningToken));
        Assert.True(hook["token_present"]?.GetValue<bool>());
        Assert.True(hook["signing_token_present"]?.GetValue<bool>());

        var pipeline = await project.TriggerCreatedAsync("main", ct, ("DEPLOY_KEY", TriggerVariable));
        var requests = await receiver.WaitForAsync(3, ct);
        var log = await EventsAsync(project.Owner, project.Id, CiProject.IdOf(hook), 3, ct);

        // Three requests of one event: same event id and idempotency key, a new webhook UUID each, each signed.
        Assert.Equal(3, requests.Count);
        Assert.All(requests, request =>
        {
            Assert.Equal("Pipeline Hook", request.Header("X-Gitlab-Event"));
            Assert.Equal(SecretToken, request.Header("X-Gitlab-Token"));
            Assert.Equal("application/json", request.Header("Content-Type"));
            Assert.StartsWith("GitLab/", request.Header("User-Agent"), StringComparison.Ordinal);
            Assert.StartsWith("http", request.Header("X-Gitlab-Instance"), StringComparison.Ordinal);
            Assert.Equal(request.Header("Idempotency-Key"), request.Header("webhook-id"));
            Assert.Equal(ExpectedSignature(request), request.Header("webhook-signature"));
            Assert.InRange(long.Parse(request.Header("webhook-timestamp") ?? "0", CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        });
        Assert.Single(requests.Select(request => request.Header("Idempotency-Key")).Distinct());
        Assert.Single(requests.Select(request => request.Header("X-Gitlab-Event-UUID")).Distinct());
        Assert.Equal(3, requests.Select(request => request.Header("X-Gitlab-Webhook-UUID")).Distinct().Count());
        Assert.True(Guid.TryParse(requests[0].Header("Idempotency-Key"), out _));

        // The body is GitLab's pipeline event for this pipeline, without the trigger's variables.
        var body = requests[0].Json;
        Assert.Equal("pipeline", body["object_kind"]?.GetValue<string>());
        Assert.Equal(CiProject.IdOf(pipeline), body["object_attributes"]?["id"]?.GetValue<long>());
        Assert.Equal("main", body["object_attributes"]?["ref"]?.GetValue<string>());
        Assert.Equal(pipeline["sha"]?.GetValue<string>(), body["object_attributes"]?["sha"]?.GetValue<string>());
        Assert.Equal("trigger", body["object_attributes"]?["source"]?.GetValue<string>());
        Assert.Equal("[]", body["object_attributes"]?["variables"]?.ToJsonString());
        Assert.Equal(project.Id, body["project"]?["id"]?.GetValue<long>());
        Assert.Equal(["build", "test"], (body["builds"]?.AsArray() ?? []).Select(build => build?["name"]?.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(requests, request => Assert.DoesNotContain(TriggerVariable, Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal));
        Assert.All(requests, request => Assert.Equal(requests[0].Body, request.Body));

        // The delivery log, newest first: attempts 3, 2, 1 answered 200, 503, 500; the token redacted.
        Assert.Equal([3, 2, 1], log.Select(entry => entry?["attempt"]?.GetValue<int>() ?? 0));
        Assert.Equal(["200", "503", "500"], log.Select(entry => entry?["response_status"]?.GetValue<string>()));
        Assert.All(log, node =>
        {
            var entry = node?.AsObject() ?? [];
            Assert.Equal(receiver.Url, entry["url"]?.GetValue<string>());
            Assert.Equal("pipeline_hooks", entry["trigger"]?.GetValue<string>());
            Assert.Equal("[REDACTED]", entry["request_headers"]?["X-Gitlab-Token"]?.GetValue<string>());
            Assert.Equal(requests[0].Header("Idempotency-Key"), entry["request_headers"]?["Idempotency-Key"]?.GetValue<string>());
            Assert.Equal(requests[0].Header("X-Gitlab-Event-UUID"), entry["event_uuid"]?.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(body, entry["request_data"]), "request_data is the payload sent");
            Assert.True(entry["execution_duration"]?.GetValue<double>() >= 0);
        });
        Assert.Equal(HookReceiver.FailureBody[..2048], log[2]?["response_body"]?.GetValue<string>());
        Assert.Equal("""{"received":true}""", log[0]?["response_body"]?.GetValue<string>());
        var everything = log.ToJsonString() + hook.ToJsonString();
        Assert.DoesNotContain(SecretToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SigningToken[6..], everything, StringComparison.Ordinal);
    }

    /// <summary>Verifies a request's Standard Webhooks signature the way a receiver would, with nothing of WvsMesh's.</summary>
    public static string ExpectedSignature(HookRequest request)
    {
        var key = Convert.FromBase64String(SigningToken["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{request.Header("webhook-id")}.{request.Header("webhook-timestamp")}.").Concat(request.Body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary><c>POST /projects/:id/hooks</c>, expecting 201.</summary>
    public static async Task<JsonObject> CreateHookAsync(GitLabApiClient client, long projectId, CancellationToken ct, params (string Key, string Value)[] fields)
    {
        using var response = await client.SendFormAsync(HttpMethod.Post, $"/api/v4/projects/{projectId}/hooks", ct, fields);
        return await GitLabApiClient.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    /// <summary>The hook's delivery log once it has <paramref name="count"/> entries (30 s at most).</summary>
    public static async Task<JsonArray> EventsAsync(GitLabApiClient client, long projectId, long hookId, int count, CancellationToken ct)
    {
        var events = await Eventually.UntilAsync(() => CiProject.ArrayAsync(client, $"/api/v4/projects/{projectId}/hooks/{hookId}/events", ct),
            events => events.Count >= count, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), ct);
        Assert.True(events.Count == count, $"expected {count} log entries, got {events.Count}: {events.ToJsonString()}");
        return events;
    }
}
