using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.Pipelines;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Runners;

/// <summary>
/// Issue #6: triggered pipelines run on a runner (a real runner process, real bash, real curl against the composition's
/// HTTP API), so a job can trigger another project's pipeline with a trigger token in a masked variable or with its
/// <c>CI_JOB_TOKEN</c>. Each composition runs these same cases (see the derived classes).
/// </summary>
public abstract class RunningJobsScenarios
{
    private static readonly TimeSpan PipelineDeadline = TimeSpan.FromSeconds(120);

    /// <summary>The composition's root client (through the gateway); a runner is already polling it.</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    /// <summary>The composition's secrets (tokens, keys) that no job may see.</summary>
    protected abstract IReadOnlyList<string> Secrets();

    [Fact]
    public async Task A_job_triggers_another_projects_pipeline_with_a_masked_trigger_token_only_on_tags()
    {
        var ct = Arrange(out var root);
        using var downstream = await CiProject.ArrangeAsync(root, "build:\n  script: echo downstream\n", ct);
        using var upstream = await CiProject.ArrangeAsync(root, $$"""
            build:
              script: echo building
            trigger_pipeline:
              stage: deploy
              script:
                - echo "the token is $MY_TRIGGER_TOKEN"
                - 'curl --fail --silent --show-error --request POST --form token=$MY_TRIGGER_TOKEN --form ref=main "$CI_API_V4_URL/projects/{{downstream.Id}}/trigger/pipeline"'
              rules:
                - if: $CI_COMMIT_TAG
            """, ct);
        await upstream.AddVariableAsync("MY_TRIGGER_TOKEN", downstream.Token, ct, ("masked", "true"));

        var onTag = await RunAsync(upstream, "v1", ct);

        Assert.Equal("success", CiProject.Text(onTag.Pipeline, "status"));
        var triggered = Assert.Single(await CiProject.ArrayAsync(root, $"{downstream.Path}/pipelines", ct))!.AsObject();
        Assert.Equal(("main", "trigger"), (CiProject.Text(triggered, "ref"), CiProject.Text(triggered, "source")));
        var log = onTag.Logs["trigger_pipeline"];
        Assert.Contains("the token is [MASKED]", log, StringComparison.Ordinal);
        Assert.DoesNotContain(downstream.Token, log, StringComparison.Ordinal);
        Assert.Contains($"\"ref\":\"main\"", log, StringComparison.Ordinal);

        var onBranch = await RunAsync(upstream, "main", ct);

        Assert.Equal(["build"], onBranch.Logs.Keys);
        Assert.Single(await CiProject.ArrayAsync(root, $"{downstream.Path}/pipelines", ct));
    }

    [Fact]
    public async Task A_job_token_triggers_a_downstream_pipeline_only_when_allowlisted_and_only_while_the_job_runs()
    {
        var ct = Arrange(out var root);
        const string DownstreamConfig = """
            build:
              script: echo downstream
            from_upstream:
              script: echo "source is $CI_PIPELINE_SOURCE"
              rules:
                - if: $CI_PIPELINE_SOURCE == "pipeline"
            """;
        using var allowing = await CiProject.ArrangeAsync(root, DownstreamConfig, ct);
        using var refusing = await CiProject.ArrangeAsync(root, DownstreamConfig, ct);
        var tokenFile = Path.Combine(Path.GetTempPath(), "wvs-job-token-" + Guid.NewGuid().ToString("N"));
        using var upstream = await CiProject.ArrangeAsync(root, """
            downstream:
              script:
                - printf '%s' "$CI_JOB_TOKEN" > "$TOKEN_FILE"
                - 'curl --fail --silent --show-error --request POST --form "token=$CI_JOB_TOKEN" --form ref=main "$CI_API_V4_URL/projects/$TARGET/trigger/pipeline"'
            """, ct);
        // The upstream job's user (the upstream project's Owner) must see the downstream projects, as in GitLab.
        await root.AddMemberAsync(allowing.Id, upstream.OwnerId, 30, ct);
        await root.AddMemberAsync(refusing.Id, upstream.OwnerId, 30, ct);
        // Allowlisting a project takes being able to read it, as in GitLab (#13).
        await root.AddMemberAsync(upstream.Id, allowing.OwnerId, 10, ct);
        using (var allow = await allowing.Owner.SendFormAsync(HttpMethod.Post, $"{allowing.Path}/job_token_scope/allowlist", ct,
            ("target_project_id", upstream.Id.ToString(CultureInfo.InvariantCulture))))
        {
            await GitLabApiClient.ExpectAsync(allow, HttpStatusCode.Created, ct);
        }

        try
        {
            var allowed = await RunAsync(upstream, "main", ct, ("TARGET", $"{allowing.Id}"), ("TOKEN_FILE", tokenFile));

            Assert.Equal("success", CiProject.Text(allowed.Pipeline, "status"));
            var downstreamPipeline = Assert.Single(await CiProject.ArrayAsync(root, $"{allowing.Path}/pipelines", ct))!.AsObject();
            Assert.Equal("pipeline", CiProject.Text(downstreamPipeline, "source"));
            Assert.Equal(["build", "from_upstream"],
                (await allowing.JobsAsync(downstreamPipeline, ct)).Select(job => CiProject.Text(job, "name")).Order(StringComparer.Ordinal));

            // The token of the finished job is refused (its end reaches Tokens as an event: allow it a moment).
            var finishedToken = await File.ReadAllTextAsync(tokenFile, ct);
            Assert.StartsWith("wvscbt-", finishedToken, StringComparison.Ordinal);
            var refusal = "";
            refusal = await Eventually.UntilAsync(async () =>
            {
                using var late = await root.TriggerPipelineAsync($"{allowing.Id}", finishedToken, "main", ct);
                if (late.StatusCode == HttpStatusCode.Unauthorized)
                {
                    refusal = await late.Content.ReadAsStringAsync(ct);
                }
                return refusal;
            }, answer => answer == """{"message":"Job is not running"}""", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), ct);
            Assert.Equal("""{"message":"Job is not running"}""", refusal);
            Assert.Single(await CiProject.ArrayAsync(root, $"{allowing.Path}/pipelines", ct));

            var refused = await RunAsync(upstream, "main", ct, ("TARGET", $"{refusing.Id}"), ("TOKEN_FILE", tokenFile));

            Assert.Equal("failed", CiProject.Text(refused.Pipeline, "status"));
            Assert.Contains("404", refused.Logs["downstream"], StringComparison.Ordinal);
            Assert.Empty(await CiProject.ArrayAsync(root, $"{refusing.Path}/pipelines", ct));
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task A_webhook_triggered_job_reads_its_payload_from_the_file_variable()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, "show:\n  script:\n    - cat \"$TRIGGER_PAYLOAD\"\n    - echo\n    - cat \"$TRIGGER_PAYLOAD_RAW\"\n", ct);
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        var body = $$"""{"object_kind":"push","ref":"refs/heads/other","marker":"{{marker}}"}""";

        using var delivery = await root.Http.PostAsync($"{ci.Path}/ref/main/trigger/pipeline?token={ci.Token}",
            new StringContent(body, Encoding.UTF8, "application/json"), ct);
        var pipeline = await GitLabApiClient.ExpectAsync(delivery, HttpStatusCode.Created, ct);
        var run = await WaitAsync(ci, pipeline, ct);

        Assert.Equal("success", CiProject.Text(run.Pipeline, "status"));
        var log = run.Logs["show"];
        Assert.Contains($"\"marker\":\"{marker}\"", log, StringComparison.Ordinal);
        Assert.Contains("\"ref\":\"main\"", log, StringComparison.Ordinal);
        Assert.Contains(body, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_job_fails_its_pipeline_and_skips_the_next_stage_and_its_log_is_readable()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, """
            stages: [build, test, deploy]
            build:
              stage: build
              script:
                - echo compiling
            test:
              stage: test
              script:
                - echo testing
                - exit 3
            allowed:
              stage: test
              allow_failure: true
              script: exit 1
            deploy:
              stage: deploy
              script: echo never
            """, ct);

        var run = await RunAsync(ci, "main", ct);

        Assert.Equal("failed", CiProject.Text(run.Pipeline, "status"));
        Assert.Equal([("allowed", "failed"), ("build", "success"), ("deploy", "skipped"), ("test", "failed")],
            run.Jobs.Select(job => (CiProject.Text(job, "name"), CiProject.Text(job, "status"))).Order());
        Assert.Contains("$ echo compiling", run.Logs["build"], StringComparison.Ordinal);
        Assert.Contains("compiling", run.Logs["build"], StringComparison.Ordinal);
        Assert.Contains("exit code 3", run.Logs["test"], StringComparison.Ordinal);
        Assert.False(run.Logs.ContainsKey("deploy"));
    }

    [Fact]
    public async Task Project_hooks_hear_each_status_of_a_pipeline_as_it_runs()
    {
        var ct = Arrange(out var root);
        using var ci = await CiProject.ArrangeAsync(root, "build:\n  script: echo built\n", ct);
        await using var receiver = await Webhooks.HookReceiver.StartAsync(ct);
        await Webhooks.HookScenarios.CreateHookAsync(ci.Owner, ci.Id, ct, ("url", receiver.Url), ("pipeline_events", "true"));

        var run = await RunAsync(ci, "main", ct);
        var requests = await receiver.WaitForAsync(3, ct);

        Assert.Equal("success", CiProject.Text(run.Pipeline, "status"));
        var events = requests.Select(request => request.Json).ToList();
        Assert.Equal(["pending", "running", "success"], events.Select(e => e["object_attributes"]?["status"]?.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal(CiProject.IdOf(run.Pipeline), e["object_attributes"]?["id"]?.GetValue<long>()));
        var finished = events.Single(e => e["object_attributes"]?["status"]?.GetValue<string>() == "success");
        Assert.Equal("success", finished["builds"]?[0]?["status"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_jobs_environment_holds_no_secret_of_the_hosts_or_the_runner_nor_the_import_urls_credentials()
    {
        // #13, finding 1: a job's environment is its variables, the predefined ones and the runner's short allow-list.
        var ct = Arrange(out var root);
        var repository = GitRepository.Create("show:\n  script:\n    - env\n");
        await using var served = await ServedRepository.StartAsync(repository, ct);
        var password = "import-secret-" + Guid.NewGuid().ToString("N");
        var project = await root.CreateProjectAsync("env-" + Guid.NewGuid().ToString("N")[..8], served.Url.Replace("http://", $"http://reader:{password}@", StringComparison.Ordinal), ct);
        var trigger = await root.CreateTriggerAsync(CiProject.IdOf(project), "env", ct);
        using var ci = await CiProject.ExistingAsync(root, project, trigger, repository, ct);

        var run = await RunAsync(ci, "main", ct);

        Assert.Equal("success", CiProject.Text(run.Pipeline, "status"));
        var lines = run.Logs["show"].Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        Assert.Contains($"CI_REPOSITORY_URL={served.Url}", lines);
        Assert.Contains("CI_PIPELINE_TRIGGERED=true", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("WVS_", StringComparison.Ordinal));
        Assert.All(Secrets().Append(password), secret => Assert.DoesNotContain(secret, run.Logs["show"], StringComparison.Ordinal));
    }

    private CancellationToken Arrange(out GitLabApiClient root)
    {
        Require();
        root = Root();
        return TestContext.Current.CancellationToken;
    }

    private sealed record Run(JsonObject Pipeline, List<JsonObject> Jobs, Dictionary<string, string> Logs);

    private static async Task<Run> RunAsync(CiProject ci, string reference, CancellationToken ct, params (string Key, string Value)[] variables) =>
        await WaitAsync(ci, await ci.TriggerCreatedAsync(reference, ct, variables), ct);

    /// <summary>Waits until the pipeline has finished; its jobs and the logs of those that ran.</summary>
    private static async Task<Run> WaitAsync(CiProject ci, JsonObject created, CancellationToken ct)
    {
        var path = $"{ci.Path}/pipelines/{CiProject.IdOf(created)}";
        var pipeline = await Eventually.UntilAsync(async () =>
        {
            using var response = await ci.Root.GetAsync(path, ct);
            return await GitLabApiClient.ExpectAsync(response, HttpStatusCode.OK, ct);
        }, IsFinished, PipelineDeadline, TimeSpan.FromMilliseconds(250), ct);
        Assert.True(IsFinished(pipeline), $"pipeline still {CiProject.Text(pipeline, "status")} after {PipelineDeadline}: {pipeline}");
        var jobs = await ci.JobsAsync(pipeline, ct);
        var logs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var job in jobs.Where(job => CiProject.Text(job, "status") is "success" or "failed"))
        {
            using var trace = await ci.Root.GetAsync($"{ci.Path}/jobs/{CiProject.IdOf(job)}/trace", ct);
            Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
            logs[CiProject.Text(job, "name")] = await trace.Content.ReadAsStringAsync(ct);
        }
        return new Run(pipeline, jobs, logs);
    }

    private static bool IsFinished(JsonObject pipeline) =>
        CiProject.Text(pipeline, "status") is "success" or "failed" or "canceled" or "skipped";
}
