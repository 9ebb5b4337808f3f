using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// Issue #4, acceptance 2: which jobs a trigger-token pipeline gets from <c>rules</c>, <c>only</c> and <c>except</c>
/// (reference gitlab-ci.md §2, §4, §5.2). Each configuration has a plain <c>anchor</c> job, present on every branch and
/// tag, so the pipeline exists whether or not the <c>probe</c> job under test is kept.
/// </summary>
public sealed class Selecting_jobs_of_a_triggered_pipeline(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private const string StagesConfig = """
        stages: [build, test, deploy]
        ship:
          stage: deploy
          script: x
        check:
          stage: test
          script: x
        lint:
          script: x
        compile:
          stage: build
          script: x
        last:
          stage: .post
          script: x
        first:
          stage: .pre
          script: x

        """;

    private readonly GitLabApiClient _root = app.Api();

    public static TheoryData<string, string, bool> Probes => new()
    {
        // rules:if on the pipeline source; first match wins, when: never drops the job.
        { """rules: [{if: '$CI_PIPELINE_SOURCE == "trigger"'}]""", "main", true },
        { """rules: [{if: '$CI_PIPELINE_SOURCE == "push"'}]""", "main", false },
        { """rules: [{if: '$CI_PIPELINE_SOURCE == "trigger"', when: never}, {when: always}]""", "main", false },
        // only/except keywords: trigger-token pipelines are "triggers" (singular too) and branches, never "pipelines".
        { "only: [triggers]", "main", true },
        { "only: [trigger]", "main", true },
        { "except: [triggers]", "main", false },
        { "only: [pipelines]", "main", false },
        { "only: [api, pushes, web, schedules]", "main", false },
        { "only: [branches]", "main", true },
        { "only: [tags]", "main", false },
        { "only: [tags]", "v1", true },
        { "except: [tags]", "v1", false },
        // Tag and branch variables exist only for their kind of ref.
        { "rules: [{if: $CI_COMMIT_TAG}]", "v1", true },
        { "rules: [{if: $CI_COMMIT_TAG}]", "main", false },
        { "rules: [{if: $CI_COMMIT_BRANCH}]", "v1", false },
        // Ref regexes match the short ref name.
        { "only: ['/^release-.*$/']", "release-1", true },
        { "only: ['/^release-.*$/']", "main", false },
        { "only: ['/^release-.*$/']", "feature/x", false },
        // Refs with slashes.
        { "only: [feature/x]", "feature/x", true },
        { """rules: [{if: '$CI_COMMIT_REF_NAME == "feature/x"'}]""", "feature/x", true },
        { """rules: [{if: '$CI_COMMIT_REF_SLUG == "feature-x"'}]""", "feature/x", true },
        { """rules: [{if: '$CI_COMMIT_BRANCH =~ /^feature\//'}]""", "feature/x", true },
        // Trigger-token pipelines say so, and carry TRIGGER_PAYLOAD (params without the token, as JSON).
        { """rules: [{if: '$CI_PIPELINE_TRIGGERED == "true"'}]""", "main", true },
        { "rules: [{if: $TRIGGER_PAYLOAD}]", "main", true },
        { """rules: [{if: '$TRIGGER_PAYLOAD =~ /"ref":"release-1"/'}]""", "release-1", true },
        { """rules: [{if: '$TRIGGER_PAYLOAD =~ /"ref":"release-1"/'}]""", "main", false },
        // only:variables without refs keeps the default branches and tags; except:variables drops on any match.
        { "only: {variables: [$CI_PIPELINE_TRIGGERED]}", "main", true },
        { """except: {variables: ['$CI_PIPELINE_SOURCE == "trigger"']}""", "main", false },
    };

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task Probe_job_is_kept_only_when_its_condition_holds_for_a_trigger(string condition, string reference, bool present)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, $"anchor:\n  script: echo anchor\nprobe:\n  script: echo probe\n  {condition}\n", ct);

        var names = await project.JobNamesAsync(reference, ct);

        Assert.Equal(present ? ["anchor", "probe"] : ["anchor"], names);
    }

    [Fact]
    public async Task Trigger_variables_are_visible_to_rules()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root,
            "anchor:\n  script: x\ndeploy:\n  script: x\n  rules:\n    - if: $DEPLOY == \"yes\"\n", ct);

        Assert.Equal(["anchor", "deploy"], await project.JobNamesAsync("main", ct, ("DEPLOY", "yes")));
        Assert.Equal(["anchor"], await project.JobNamesAsync("main", ct, ("DEPLOY", "no")));
        Assert.Equal(["anchor"], await project.JobNamesAsync("main", ct));
    }

    [Fact]
    public async Task Rules_see_the_short_token_of_the_trigger_used()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, "anchor:\n  script: x\n", ct);
        project.Configure($"anchor:\n  script: x\nmine:\n  script: x\n  rules:\n    - if: $CI_TRIGGER_SHORT_TOKEN == \"{project.ShortToken}\"\n" +
            "other:\n  script: x\n  rules:\n    - if: $CI_TRIGGER_SHORT_TOKEN == \"zzzz\"\n");

        Assert.Equal(["anchor", "mine"], await project.JobNamesAsync("main", ct));
    }

    [Fact]
    public async Task Jobs_of_a_trigger_token_pipeline_show_their_stage_when_and_trigger()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root,
            "build:\n  stage: build\n  script: x\ndeploy:\n  stage: deploy\n  script: x\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"trigger\"\n      when: manual\n", ct);

        var pipeline = await project.TriggerCreatedAsync("main", ct);
        var jobs = await project.JobsAsync(pipeline, ct);

        // #6: a new pipeline's first stage is pending at once (it waits for a runner); a manual job waits for a person.
        Assert.Equal("pending", CiProject.Text(pipeline, "status"));
        Assert.Equal([("build", "build", "on_success", "pending"), ("deploy", "deploy", "manual", "manual")],
            jobs.Select(job => (CiProject.Text(job, "name"), CiProject.Text(job, "stage"), CiProject.Text(job, "when"), CiProject.Text(job, "status"))));
        var expectedTrigger = new JsonObject { ["id"] = project.TriggerId, ["description"] = "ci", ["short_token"] = project.ShortToken };
        Assert.All(jobs, job =>
        {
            Assert.True(job["triggered"]?.GetValue<bool>(), $"not triggered: {job}");
            Assert.True(JsonNode.DeepEquals(expectedTrigger, job["trigger"]), $"trigger of {job}");
            Assert.Equal(CiProject.IdOf(pipeline), job["pipeline"]?["id"]?.GetValue<long>());
        });
    }

    [Fact]
    public async Task Hidden_jobs_are_templates_and_extends_makes_jobs_of_them()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, """
            stages: [build, test]
            .base:
              stage: build
              script: echo base
              rules:
                - if: $CI_PIPELINE_SOURCE == "trigger"
            .unused:
              script: echo never a job
            from-base:
              extends: .base
            overrides-rules:
              extends: .base
              rules:
                - if: $CI_PIPELINE_SOURCE == "push"
            overrides-stage:
              extends: .base
              stage: test

            """, ct);

        var jobs = await project.JobsAsync(await project.TriggerCreatedAsync("main", ct), ct);

        Assert.Equal([("from-base", "build"), ("overrides-stage", "test")],
            jobs.Select(job => (CiProject.Text(job, "name"), CiProject.Text(job, "stage"))).OrderBy(job => job.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Jobs_are_created_stage_by_stage_in_the_order_of_stages()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, StagesConfig, ct);

        var jobs = await project.JobsAsync(await project.TriggerCreatedAsync("main", ct), ct);

        // GitLab seeds and saves jobs stage by stage (.pre first, .post last), each stage in file order: ids say so.
        Assert.Equal(
            [("first", ".pre"), ("compile", "build"), ("check", "test"), ("lint", "test"), ("ship", "deploy"), ("last", ".post")],
            jobs.Select(job => (CiProject.Text(job, "name"), CiProject.Text(job, "stage"))));
    }

    [Fact]
    public async Task Pipeline_jobs_are_listed_newest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, StagesConfig, ct);
        var pipeline = await project.TriggerCreatedAsync("main", ct);

        var listed = await CiProject.ArrayAsync(_root, $"{project.Path}/pipelines/{CiProject.IdOf(pipeline)}/jobs", ct);

        // Ci::JobsFinder orders by id descending, for a pipeline's jobs as for a project's.
        var ids = listed.OfType<JsonObject>().Select(CiProject.IdOf).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task Jobs_are_readable_by_project_newest_first_and_one_by_one()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, "one:\n  script: x\ntwo:\n  script: x\n", ct);
        var first = await project.JobsAsync(await project.TriggerCreatedAsync("main", ct), ct);
        var second = await project.JobsAsync(await project.TriggerCreatedAsync("main", ct), ct);

        var listed = await CiProject.ArrayAsync(_root, $"{project.Path}/jobs", ct);
        using var read = await _root.GetAsync($"{project.Path}/jobs/{CiProject.IdOf(first[0])}", ct);

        Assert.Equal(second.Concat(first).Select(CiProject.IdOf).OrderDescending(), listed.Select(job => CiProject.IdOf(job!.AsObject())));
        Assert.True(JsonNode.DeepEquals(first[0], await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct)), $"job {first[0]}");
    }

    [Fact]
    public async Task Workflow_rules_admit_a_trigger_and_then_keep_jobs_without_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, """
            workflow:
              rules:
                - if: $CI_PIPELINE_SOURCE == "trigger"
            job:
              script: x

            """, ct);

        Assert.Equal(["job"], await project.JobNamesAsync("feature/x", ct));
        Assert.Equal(["job"], await project.JobNamesAsync("v1", ct));
    }
}
