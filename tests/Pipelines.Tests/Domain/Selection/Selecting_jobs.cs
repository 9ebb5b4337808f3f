using WvsMesh.Pipelines.Domain.Config;
using WvsMesh.Pipelines.Domain.Selection;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Selection;

/// <summary>
/// Pipeline creation with <c>workflow:rules</c>, job <c>rules</c> and their variables (gitlab-ci.md §3, §7.17, §7.18):
/// whether the pipeline is created, with GitLab 17.x error texts, and the variables each job ends up with.
/// </summary>
public sealed class Selecting_jobs
{
    private const string W1 = """
        workflow:
          rules:
            - if: $CI_COMMIT_REF_NAME =~ /master/
            - if: $CI_COMMIT_REF_NAME =~ /wip$/
              when: never
            - if: $CI_COMMIT_REF_NAME =~ /feature/
        regular-job:
          script: 'echo Hello, World!'
        """;

    private const string W2 = """
        workflow:
          rules:
            - if: $CI_COMMIT_REF_NAME =~ /master/
            - if: $CI_COMMIT_REF_NAME =~ /^feature/ && $CI_COMMIT_REF_NAME =~ /conflict$/
              when: never
            - if: $CI_COMMIT_REF_NAME =~ /feature/
        regular-job:
          script: 'echo Hello, World!'
        """;

    private const string W3 = """
        workflow:
          rules:
            - if: $CI_COMMIT_REF_NAME =~ /master/
            - if: $CI_COMMIT_REF_NAME =~ /feature/
        regular-job:
          script: 'echo Hello, World!'
          rules:
            - if: $CI_COMMIT_REF_NAME =~ /wip/
            - if: $CI_COMMIT_REF_NAME =~ /feature/
        """;

    private const string W4 = """
        variables:
          VARIABLE: value
        workflow:
          rules:
            - if: $VARIABLE
        regular-job:
          script: 'echo Hello, World!'
        """;

    private const string RulesOnly = """
        build:
          script: make
          rules:
            - if: $CI_PIPELINE_SOURCE == "trigger"
        test:
          script: make test
          rules:
            - if: $CI_PIPELINE_SOURCE == "push"
        """;

    private const string Needs = """
        build:
          stage: build
          script: make
          rules:
            - if: $CI_PIPELINE_SOURCE == "push"
        test:
          script: make test
          needs: [build]
        lint:
          script: lint
          needs: [{job: build, optional: true}]
        """;

    private const string RuleNeeds = """
        build:
          stage: build
          script: make
          rules:
            - if: $CI_PIPELINE_SOURCE == "push"
        test:
          script: make test
          needs: [build]
          rules:
            - if: $CI_PIPELINE_SOURCE == "trigger"
              needs: []
            - when: on_success
        """;

    private const string PreOnly = """
        setup:
          stage: .pre
          script: setup
        test:
          script: make test
          except: [triggers]
        """;

    private const string EmptyWorkflow = """
        workflow:
          rules: []
        test:
          script: make test
        """;

    private const string NeverWorkflow = """
        workflow:
          rules:
            - if: $CI_PIPELINE_SOURCE == "trigger"
              when: never
            - when: always
        test:
          script: make test
        """;

    private const string JobVariablesInWorkflow = """
        workflow:
          rules:
            - if: $CI_JOB_NAME
            - if: $CI_BUILD_REF
        test:
          script: make test
        """;

    private static readonly Dictionary<string, string> Configs = new()
    {
        [nameof(W1)] = W1,
        [nameof(W2)] = W2,
        [nameof(W3)] = W3,
        [nameof(W4)] = W4,
        [nameof(RulesOnly)] = RulesOnly,
        [nameof(Needs)] = Needs,
        [nameof(RuleNeeds)] = RuleNeeds,
        [nameof(PreOnly)] = PreOnly,
        [nameof(EmptyWorkflow)] = EmptyWorkflow,
        [nameof(NeverWorkflow)] = NeverWorkflow,
        [nameof(JobVariablesInWorkflow)] = JobVariablesInWorkflow,
        [nameof(Rv)] = Rv,
        [nameof(Rv7)] = Rv7,
        [nameof(Af)] = Af,
    };

    private const string Filtered = "The pipeline did not run. Review the workflow:rules configuration for the pipeline.";
    private const string Empty =
        "The resulting pipeline would have been empty. Review the rules configuration for the relevant jobs.";

    // Expected: the selected job names, or the error text.
    public static TheoryData<string, string, string, string, string> Creation => new()
    {
        { "W02", nameof(W1), "push", "feature", "regular-job" },
        { "W03", nameof(W1), "push", "wip", Filtered },
        { "W05", nameof(W2), "push", "feature", "regular-job" },
        { "W06", nameof(W2), "push", "feature_conflict", Filtered },
        { "W08", nameof(W3), "push", "feature", "regular-job" },
        { "W09", nameof(W3), "push", "fix", Filtered },
        { "W11", nameof(W4), "push", "master", "regular-job" },
        { "W1 on master", nameof(W1), "trigger", "master", "regular-job" },
        { "W1 no rule matches", nameof(W1), "trigger", "main", Filtered },
        { "rules pick the trigger job", nameof(RulesOnly), "trigger", "main", "build" },
        { "rules pick the push job", nameof(RulesOnly), "push", "main", "test" },
        { "no rule matches any job", nameof(RulesOnly), "api", "main", Empty },
        { "needs on a removed job", nameof(Needs), "trigger", "main",
            "'test' job needs 'build' job, but 'build' does not exist in the pipeline. This might be because of the " +
            "only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use " +
            "needs:optional." },
        { "needs satisfied", nameof(Needs), "push", "main", "build,test,lint" },
        { "rule needs replace job needs", nameof(RuleNeeds), "trigger", "main", "test" },
        { "job needs kept without rule needs", nameof(RuleNeeds), "api", "main",
            "'test' job needs 'build' job, but 'build' does not exist in the pipeline. This might be because of the " +
            "only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use " +
            "needs:optional." },
        { ".pre alone is empty", nameof(PreOnly), "trigger", "main", Empty },
        { ".pre with a job", nameof(PreOnly), "push", "main", "setup,test" },
        { "empty workflow rules", nameof(EmptyWorkflow), "trigger", "main", Filtered },
        { "workflow never for triggers", nameof(NeverWorkflow), "trigger", "main", Filtered },
        { "workflow always otherwise", nameof(NeverWorkflow), "push", "main", "test" },
        { "workflow does not see CI_JOB_*", nameof(JobVariablesInWorkflow), "trigger", "main", Filtered },
    };

    [Theory]
    [MemberData(nameof(Creation))]
    public void Pipeline_is_created_with_the_selected_jobs_or_refused(string id, string config, string source,
        string reference, string expected)
    {
        var yaml = Configs[config];

        var result = Select(yaml, source, reference);

        var actual = result.Error ?? string.Join(",", result.Jobs.Select(j => j.Job.Name));
        Assert.True(expected == actual, $"{id}: {actual}");
    }

    private const string Rv = """
        variables:
          VAR4: workflow var 4
          VAR5: workflow var 5
          VAR7: workflow var 7
        workflow:
          rules:
            - if: $CI_COMMIT_REF_NAME =~ /master/
              variables:
                VAR4: overridden workflow var 4
            - if: $CI_COMMIT_REF_NAME =~ /feature/
              variables:
                VAR5: overridden workflow var 5
                VAR6: new workflow var 6
                VAR7: overridden workflow var 7
            - when: always
        job1:
          script: "echo job1"
          variables:
            VAR1: job var 1
            VAR2: job var 2
            VAR5: job var 5
          rules:
            - if: $CI_COMMIT_REF_NAME =~ /master/
              variables:
                VAR1: overridden var 1
            - if: $CI_COMMIT_REF_NAME =~ /feature/
              variables:
                VAR2: overridden var 2
                VAR3: new var 3
                VAR7: overridden var 7
            - when: on_success
        job2:
          script: "echo job2"
          inherit:
            variables: [VAR4, VAR6, VAR7]
          variables:
            VAR4: job var 4
          rules:
            - if: $CI_COMMIT_REF_NAME =~ /master/
              variables:
                VAR7: overridden var 7
            - when: on_success
        """;

    private const string Rv7 = """
        variables:
          VAR1: workflow var 4
        workflow:
          rules:
            - if: $CI_COMMIT_REF_NAME =~ /master/
              variables:
                VAR1: overridden workflow var 4
            - when: always
        job:
          script: "echo job1"
          rules:
            - if: $VAR1 =~ "overridden workflow var 4"
              variables:
                VAR1: overridden var 1
            - when: on_success
        """;

    // VAR1..VAR7 as the job sees them, "-" for undefined.
    public static TheoryData<string, string, string, string, string[]> RuleVariables => new()
    {
        { "RV01", nameof(Rv), "wip", "job1", ["job var 1", "job var 2", "-", "workflow var 4", "job var 5", "-", "workflow var 7"] },
        { "RV03", nameof(Rv), "master", "job1", ["overridden var 1", "job var 2", "-", "overridden workflow var 4", "job var 5", "-", "workflow var 7"] },
        { "RV04", nameof(Rv), "master", "job2", ["-", "-", "-", "job var 4", "-", "-", "overridden var 7"] },
        { "RV06", nameof(Rv), "feature", "job2", ["-", "-", "-", "job var 4", "-", "new workflow var 6", "overridden workflow var 7"] },
        { "RV feature job1", nameof(Rv), "feature", "job1", ["job var 1", "overridden var 2", "new var 3", "workflow var 4", "job var 5", "new workflow var 6", "overridden var 7"] },
        { "RV07", nameof(Rv7), "master", "job", ["overridden var 1", "-", "-", "-", "-", "-", "-"] },
        // "workflow var 4" =~ "overridden workflow var 4" is a substring test, and holds.
        { "RV07 elsewhere", nameof(Rv7), "main", "job", ["overridden var 1", "-", "-", "-", "-", "-", "-"] },
    };

    [Theory]
    [MemberData(nameof(RuleVariables))]
    public void Rule_and_workflow_variables_take_gitlabs_precedence(string id, string config, string reference,
        string job, string[] values)
    {
        var yaml = Configs[config];
        var result = Select(yaml, "push", reference);

        var selected = result.Jobs.Single(j => j.Job.Name == job);
        var variables = Compose(yaml, selected.Job, result.RootVariables, reference, selected.Variables);

        var actual = Enumerable.Range(1, 7).Select(i => variables.GetValueOrDefault($"VAR{i}", "-")).ToArray();
        Assert.True(values.SequenceEqual(actual), $"{id}: {string.Join(" | ", actual)}");
    }

    private const string Af = """
        job-1:
          script: exit 42
          allow_failure: {exit_codes: 42}
          rules: [{if: '$CI_COMMIT_REF_NAME == "master"', allow_failure: false}]
        job-2:
          script: exit 42
          allow_failure: {exit_codes: 42}
          rules: [{if: '$CI_COMMIT_REF_NAME == "master"', allow_failure: true}]
        job-3:
          script: exit 42
          allow_failure: {exit_codes: 42}
          rules: [{if: '$CI_COMMIT_REF_NAME == "master"', when: manual}]
        job-4:
          script: exit 42
          allow_failure: true
          rules: [{if: '$CI_COMMIT_REF_NAME == "master"', when: manual}]
        job-5:
          script: exit 42
          when: manual
          allow_failure: true
          rules: [{if: '$CI_COMMIT_REF_NAME == "master"', when: delayed, start_in: 1 hour}]
        job-6:
          script: exit 42
          when: delayed
          start_in: 2 hours
          rules: [{if: '$CI_COMMIT_REF_NAME == "master"'}]
        """;

    // When, allow_failure, start_in of the created job (exit codes are not modelled).
    public static TheoryData<string, string, string> Attributes => new()
    {
        { "AF01", "job-1", "on_success; allow_failure=False" },
        { "AF02", "job-2", "on_success; allow_failure=True" },
        { "AF03", "job-3", "manual; allow_failure=False" },
        { "manual keeps the job's allow_failure", "job-4", "manual; allow_failure=True" },
        { "rule when and start_in", "job-5", "delayed; allow_failure=True; start_in=1 hour" },
        { "job when and start_in as default", "job-6", "delayed; allow_failure=False; start_in=2 hours" },
    };

    [Theory]
    [MemberData(nameof(Attributes))]
    public void Matched_rule_sets_when_and_allow_failure(string id, string job, string expected)
    {
        var result = Select(Af, "push", "master");

        var selected = result.Jobs.Single(j => j.Job.Name == job);
        var actual = $"{selected.When}; allow_failure={selected.AllowFailure}"
            + (selected.StartIn is null ? "" : "; start_in=" + selected.StartIn);
        Assert.True(expected == actual, $"{id}: {actual}");
    }

    private static JobSelectionResult Select(string yaml, string source, string reference)
    {
        var config = TestYaml.Config(yaml);
        var predefined = Predefined(source, reference);
        var context = new SelectionContext(source, reference, false, "group/project")
        {
            Variables = VariableExpansion.ToDictionary(predefined.Concat(config.Variables)),
        };

        return JobSelection.Select(config, context,
            (job, root) => Compose(yaml, job, root, reference, job.Variables, source));
    }

    // The caller's precedence, simplified: predefined < inherited root (with workflow) variables < job variables.
    private static IReadOnlyDictionary<string, string> Compose(string yaml, CiJob job,
        IReadOnlyList<KeyValuePair<string, string>> root, string reference,
        IReadOnlyList<KeyValuePair<string, string>> jobVariables, string source = "push")
    {
        var inherited = TestYaml.InheritedVariables(yaml, job.Name) is { } keys
            ? root.Where(kv => keys.Contains(kv.Key)).ToList()
            : root;
        var predefined = Predefined(source, reference).Append(KeyValuePair.Create("CI_JOB_NAME", job.Name));
        return VariableExpansion.ToDictionary(predefined.Concat(inherited).Concat(jobVariables));
    }

    private static KeyValuePair<string, string>[] Predefined(string source, string reference) =>
    [
        KeyValuePair.Create("CI_PIPELINE_SOURCE", source),
        KeyValuePair.Create("CI_COMMIT_REF_NAME", reference),
        KeyValuePair.Create("CI_COMMIT_BRANCH", reference),
    ];
}
