using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// Issue #4, acceptance 2: what the trigger API answers when no pipeline would run (400, nothing recorded) and when the
/// configuration is invalid (422, a failed pipeline recorded with its error) — reference gitlab-ci.md §3.2–3.3.
/// </summary>
public sealed class Refusing_a_triggered_pipeline(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private readonly GitLabApiClient _root = app.Api();

    public static TheoryData<string, string, string> NothingToRun => new()
    {
        {
            """workflow: {rules: [{if: '$CI_PIPELINE_SOURCE == "trigger"', when: never}, {when: always}]}""" + "\njob: {script: x}\n",
            "main", Refusal.Workflow
        },
        { """workflow: {rules: [{if: '$CI_PIPELINE_SOURCE == "push"'}]}""" + "\njob: {script: x}\n", "main", Refusal.Workflow },
        { "job: {script: x, rules: [{if: $CI_COMMIT_TAG}]}\n", "main", Refusal.Empty },
        { "job: {script: x, except: [triggers]}\n", "main", Refusal.Empty },
        { "job: {script: x, only: [pipelines]}\n", "main", Refusal.Empty },
        { "job: {script: x, only: ['/^release-.*$/']}\n", "feature/x", Refusal.Empty },
        // Only .pre and .post jobs left is an empty pipeline too (Chain::Populate).
        { "first: {stage: .pre, script: x}\nlast: {stage: .post, script: x}\n", "main", Refusal.Empty },
        { "job: {script: x}\n", "nope", Refusal.ReferenceNotFound },
        { "job: {script: x}\n", "feature/nope", Refusal.ReferenceNotFound },
    };

    public static TheoryData<string, string> InvalidConfigurations => new()
    {
        // Psych names where the sequence opened (line 1 column 6); YamlDotNet reports where the problem was found. Known
        // difference, written in the README; the text is GitLab's.
        { "job: [unclosed\n", "(<unknown>): did not find expected ',' or ']' while parsing a flow sequence at line 2 column 1" },
        { "job: {script: x, when: sometimes}\n", "jobs:job when should be one of: on_success, on_failure, always, manual, delayed" },
        { "job: {script: x, colour: red}\n", "jobs:job config contains unknown keys: colour" },
        { "job: {script: x, rules: [{if: '$A == 123'}]}\n", "jobs:job:rules:rule if invalid expression syntax" },
    };

    [Theory]
    [MemberData(nameof(NothingToRun))]
    public async Task A_trigger_with_nothing_to_run_is_400_and_records_no_pipeline(string config, string reference, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, config, ct);

        using var response = await project.TriggerAsync(reference, ct);

        await Refusal.IsAsync(response, 400, message, ct);
        Assert.Empty(await CiProject.ArrayAsync(_root, $"{project.Path}/pipelines", ct));
    }

    [Fact]
    public async Task Workflow_rules_see_trigger_variables()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, "workflow:\n  rules:\n    - if: $DEPLOY == \"yes\"\njob:\n  script: x\n", ct);

        using var without = await project.TriggerAsync("main", ct);
        using var with = await project.TriggerAsync("main", ct, ("DEPLOY", "yes"));

        await Refusal.IsAsync(without, 400, Refusal.Workflow, ct);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    [Fact]
    public async Task A_name_that_is_both_a_branch_and_a_tag_is_ambiguous_unless_given_in_full()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, "job:\n  script: x\n", ct);
        project.Repository.Git("branch", "dup");
        project.Repository.Git("tag", "dup");

        using var ambiguous = await project.TriggerAsync("dup", ct);
        var branch = await project.TriggerCreatedAsync("refs/heads/dup", ct);
        var tag = await project.TriggerCreatedAsync("refs/tags/dup", ct);

        await Refusal.IsAsync(ambiguous, 400, Refusal.Ambiguous, ct);
        Assert.Equal(("dup", false), (CiProject.Text(branch, "ref"), branch["tag"]?.GetValue<bool>()));
        Assert.Equal(("dup", true), (CiProject.Text(tag, "ref"), tag["tag"]?.GetValue<bool>()));
    }

    [Theory]
    [MemberData(nameof(InvalidConfigurations))]
    public async Task An_invalid_configuration_is_422_and_records_a_failed_pipeline(string config, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, config, ct);

        using var response = await project.TriggerAsync("main", ct);

        await Refusal.IsAsync(response, 422, message, ct);
        var listed = Assert.Single(await CiProject.ArrayAsync(_root, $"{project.Path}/pipelines?status=failed", ct));
        var failed = Assert.IsType<JsonObject>(listed);
        using var read = await _root.GetAsync($"{project.Path}/pipelines/{CiProject.IdOf(failed)}", ct);
        var pipeline = await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct);
        Assert.Equal(("failed", "trigger", "main", message), (
            CiProject.Text(pipeline, "status"), CiProject.Text(pipeline, "source"), CiProject.Text(pipeline, "ref"), CiProject.Text(pipeline, "yaml_errors")));
        Assert.Empty(await CiProject.ArrayAsync(_root, $"{project.Path}/pipelines/{CiProject.IdOf(failed)}/jobs", ct));
    }

    [Fact]
    public async Task A_fixed_configuration_builds_on_the_next_trigger()
    {
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(_root, "job: [unclosed\n", ct);
        using var broken = await project.TriggerAsync("main", ct);
        Assert.Equal(422, (int)broken.StatusCode);

        project.Configure("job:\n  script: x\n");

        Assert.Equal(["job"], await project.JobNamesAsync("main", ct));
    }
}
