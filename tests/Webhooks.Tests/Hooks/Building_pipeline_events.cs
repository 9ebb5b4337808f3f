using System.Text.Json.Nodes;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Webhooks.Hooks;
using Xunit;

namespace WvsMesh.Webhooks.Tests.Hooks;

/// <summary>The pipeline event body, field for field as GitLab's <c>Gitlab::DataBuilder::Pipeline</c> writes it.</summary>
public sealed class Building_pipeline_events
{
    private const string Sha = "bcbb5ec396a2c0f828686f14fac9b80b780504f2";

    private static readonly DateTimeOffset Created = new(2016, 8, 12, 15, 23, 28, 456, TimeSpan.Zero);

    private static PipelineCreated Message(string status = "created") => new(Guid.NewGuid(), new PipelineSnapshot
    {
        Id = 31,
        Iid = 3,
        ProjectId = 7,
        Sha = Sha,
        Ref = "feature/x",
        Status = status,
        Source = "trigger",
        CreatedAt = Created,
        UpdatedAt = Created,
        WebUrl = "https://wvs.example/group/flight/-/pipelines/31",
        CommittedAt = new DateTimeOffset(2016, 8, 12, 17, 23, 21, TimeSpan.FromHours(2)),
        User = new PipelineUser { Id = 4, Username = "jsmith", Name = "John Smith" },
    })
    {
        ProjectPath = "group/flight",
        ProjectName = "Flight",
        DefaultBranch = "main",
        Jobs =
        [
            new JobSnapshot { Id = 376, Name = "build-image", Stage = "build", Status = "created", When = "on_success", CreatedAt = Created },
            new JobSnapshot { Id = 377, Name = "test-image", Stage = "test", Status = "created", When = "on_success", CreatedAt = Created, AllowFailure = true },
            new JobSnapshot { Id = 378, Name = "lint", Stage = "build", Status = "created", When = "on_success", CreatedAt = Created },
            new JobSnapshot { Id = 379, Name = "production", Stage = "deploy", Status = "manual", When = "manual", CreatedAt = Created },
        ],
    };

    private static JsonObject Build(PipelineCreated message) =>
        JsonNode.Parse(PipelineHookPayload.Build(PipelineHookSource.From(message), "https://wvs.example/"))?.AsObject()
        ?? throw new InvalidOperationException("not an object");

    private static string[] Keys(JsonNode? node) => [.. (node?.AsObject() ?? []).Select(pair => pair.Key)];

    [Fact]
    public void The_event_has_gitlabs_top_level_fields()
    {
        var payload = Build(Message());

        Assert.Equal(["object_kind", "object_attributes", "merge_request", "user", "project", "commit", "builds"], Keys(payload));
        Assert.Equal("pipeline", payload["object_kind"]?.GetValue<string>());
        Assert.Null(payload["merge_request"]);
    }

    [Fact]
    public void Object_attributes_describe_the_pipeline_with_gitlabs_hook_timestamps()
    {
        var attributes = Build(Message())["object_attributes"];

        Assert.Equal(
            ["id", "iid", "name", "ref", "tag", "sha", "before_sha", "source", "status", "detailed_status", "stages", "created_at",
                "finished_at", "duration", "queued_duration", "variables", "url"],
            Keys(attributes));
        Assert.Equal(31, attributes?["id"]?.GetValue<long>());
        Assert.Equal(3, attributes?["iid"]?.GetValue<long>());
        Assert.Equal("feature/x", attributes?["ref"]?.GetValue<string>());
        Assert.Equal(new string('0', 40), attributes?["before_sha"]?.GetValue<string>());
        Assert.Equal("trigger", attributes?["source"]?.GetValue<string>());
        Assert.Equal("created", attributes?["detailed_status"]?.GetValue<string>());
        Assert.Equal("""["build","test","deploy"]""", attributes?["stages"]?.ToJsonString());
        Assert.Equal("2016-08-12 15:23:28 UTC", attributes?["created_at"]?.GetValue<string>());
        Assert.Null(attributes?["finished_at"]);
        Assert.Equal("[]", attributes?["variables"]?.ToJsonString());
        Assert.Equal("https://wvs.example/group/flight/-/pipelines/31", attributes?["url"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("created", "created")]
    [InlineData("pending", "pending")]
    [InlineData("running", "running")]
    [InlineData("success", "passed")]
    [InlineData("failed", "failed")]
    [InlineData("canceled", "canceled")]
    [InlineData("skipped", "skipped")]
    [InlineData("manual", "blocked")]
    [InlineData("scheduled", "delayed")]
    public void Detailed_status_is_gitlabs_label(string status, string label)
    {
        Assert.Equal(label, Build(Message(status))["object_attributes"]?["detailed_status"]?.GetValue<string>());
    }

    [Fact]
    public void User_project_and_commit_are_gitlabs_hook_attributes()
    {
        var payload = Build(Message());

        Assert.Equal(
            """{"id":4,"name":"John Smith","username":"jsmith","avatar_url":null,"email":"[REDACTED]"}""",
            payload["user"]?.ToJsonString());
        var project = JsonNode.Parse("""
            {
              "id": 7, "name": "Flight", "description": null, "web_url": "https://wvs.example/group/flight", "avatar_url": null,
              "git_ssh_url": "git@wvs.example:group/flight.git", "git_http_url": "https://wvs.example/group/flight.git",
              "namespace": "group", "visibility_level": 0, "path_with_namespace": "group/flight", "default_branch": "main",
              "ci_config_path": null
            }
            """);
        Assert.True(JsonNode.DeepEquals(project, payload["project"]), payload["project"]?.ToJsonString());
        Assert.Equal(Keys(project), Keys(payload["project"]));
        Assert.Equal(["id", "message", "title", "timestamp", "url", "author"], Keys(payload["commit"]));
        Assert.Equal(Sha, payload["commit"]?["id"]?.GetValue<string>());
        Assert.Equal("2016-08-12T17:23:21+02:00", payload["commit"]?["timestamp"]?.GetValue<string>());
        Assert.Equal($"https://wvs.example/group/flight/-/commit/{Sha}", payload["commit"]?["url"]?.GetValue<string>());
    }

    [Fact]
    public void Builds_list_every_job_as_gitlabs_build_hook_attributes()
    {
        var builds = Build(Message())["builds"]?.AsArray() ?? [];

        Assert.Equal([376L, 377L, 378L, 379L], builds.Select(build => build?["id"]?.GetValue<long>() ?? 0));
        Assert.Equal(
            ["id", "stage", "name", "status", "created_at", "started_at", "finished_at", "duration", "queued_duration", "failure_reason",
                "when", "manual", "allow_failure", "user", "runner", "artifacts_file", "environment"],
            Keys(builds[0]));
        Assert.Equal("2016-08-12 15:23:28 UTC", builds[0]?["created_at"]?.GetValue<string>());
        Assert.True(builds[1]?["allow_failure"]?.GetValue<bool>());
        Assert.True(builds[3]?["manual"]?.GetValue<bool>());
        Assert.False(builds[0]?["manual"]?.GetValue<bool>());
        Assert.Equal("""{"filename":null,"size":null}""", builds[0]?["artifacts_file"]?.ToJsonString());
        Assert.Equal("jsmith", builds[0]?["user"]?["username"]?.GetValue<string>());
    }

    [Fact]
    public void The_dedup_key_names_the_pipeline_and_its_status()
    {
        Assert.Equal("pipeline:31:created", PipelineHookSource.From(Message()).DedupKey);
        Assert.Equal("pipeline:31:success", PipelineHookSource.From(Message("success")).DedupKey);
    }
}
