using System.Net;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.Distributed;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// Issue #4's rule cases through the gateway, with Tokens and Pipelines as separate processes over RabbitMQ and
/// PostgreSQL: the answers and jobs must be those of the all-in-one host.
/// </summary>
[Collection(DistributedComposition.Name)]
public sealed class Selecting_jobs_across_separate_hosts(DistributedHosts hosts)
{
    [Fact]
    public async Task A_job_whose_rule_asks_for_a_trigger_is_created()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(hosts.Api(), """
            stages: [build, deploy]
            deploy:
              stage: deploy
              script: x
              rules:
                - if: $CI_PIPELINE_SOURCE == "trigger" && $DEPLOY == "yes"

            """, ct);

        var pipeline = await ci.TriggerCreatedAsync("feature/x", ct, ("DEPLOY", "yes"));
        var job = Assert.Single(await ci.JobsAsync(pipeline, ct));

        Assert.Equal(("deploy", "deploy", true), (CiProject.Text(job, "name"), CiProject.Text(job, "stage"), job["triggered"]?.GetValue<bool>()));
        // A runner polls this composition: the job may already have been taken (#6).
        Assert.Contains(CiProject.Text(job, "status"), (string[])["pending", "running", "success", "failed"]);
    }

    [Fact]
    public async Task A_job_excepting_triggers_is_left_out()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(hosts.Api(), "anchor:\n  script: x\nprobe:\n  script: x\n  except: [triggers]\n", ct);

        Assert.Equal(["anchor"], await ci.JobNamesAsync("main", ct));
    }

    [Fact]
    public async Task Workflow_rules_that_stop_triggers_answer_400_and_record_nothing()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(hosts.Api(), """
            workflow:
              rules:
                - if: $CI_PIPELINE_SOURCE == "trigger"
                  when: never
                - when: always
            job:
              script: x

            """, ct);

        using var response = await ci.TriggerAsync("main", ct);

        await Refusal.IsAsync(response, 400, Refusal.Workflow, ct);
        Assert.Empty(await CiProject.ArrayAsync(ci.Root, $"{ci.Path}/pipelines", ct));
    }

    [Fact]
    public async Task Invalid_yaml_answers_422_and_records_a_failed_pipeline()
    {
        hosts.Require();
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(hosts.Api(), "job: [unclosed\n", ct);
        // Psych would say line 1 column 6 (where the sequence opened): a known difference, written in the README.
        const string Error = "(<unknown>): did not find expected ',' or ']' while parsing a flow sequence at line 2 column 1";

        using var response = await ci.TriggerAsync("main", ct);

        await Refusal.IsAsync(response, 422, Error, ct);
        var listed = Assert.IsType<JsonObject>(Assert.Single(await CiProject.ArrayAsync(ci.Root, $"{ci.Path}/pipelines", ct)));
        using var read = await ci.Root.GetAsync($"{ci.Path}/pipelines/{CiProject.IdOf(listed)}", ct);
        var failed = await GitLabApiClient.ExpectAsync(read, HttpStatusCode.OK, ct);
        Assert.Equal(("failed", "failed", Error), (CiProject.Text(listed, "status"), CiProject.Text(failed, "status"), CiProject.Text(failed, "yaml_errors")));
    }
}
