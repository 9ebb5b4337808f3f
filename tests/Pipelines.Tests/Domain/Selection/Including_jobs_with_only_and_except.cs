using WvsMesh.Pipelines.Domain.Config;
using WvsMesh.Pipelines.Domain.Selection;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Selection;

/// <summary>
/// <c>only</c>/<c>except</c> inclusion (gitlab-ci.md §4, §7.14–7.16): every <c>only</c> key must hold, no <c>except</c>
/// key may; the default <c>only: [branches, tags]</c> and its deep-merge; the default is dropped with <c>rules</c> or
/// <c>workflow:rules</c>.
/// </summary>
public sealed class Including_jobs_with_only_and_except
{
    private static readonly Dictionary<string, string> NoVariables = [];

    // Pipeline: branch master of group/project, push (SO cases).
    public static TheoryData<string, string, bool, bool, bool> RefPolicies => new()
    {
        { "SO03", "['/^deploy$/']", false, true, false },
        { "SO04", "['deploy', 'master']", true, false, false },
        { "SO06", "['tags']", false, true, false },
        { "SO07", "['branches@group/project']", true, false, false },
    };

    [Theory]
    [MemberData(nameof(RefPolicies))]
    public void Job_with_refs_is_included_per_only_and_except(string id, string refs, bool only, bool except,
        bool both)
    {
        var master = new SelectionContext("push", "master", false, "group/project");

        Assert.True(only == Includes($"job: {{script: x, only: {refs}}}", master), id + " only");
        Assert.True(except == Includes($"job: {{script: x, except: {refs}}}", master), id + " except");
        Assert.True(both == Includes($"job: {{script: x, only: {refs}, except: {refs}}}", master), id + " both");
    }

    private static readonly string[] Keywords = ["pushes", "web", "triggers", "schedules", "api", "external"];
    private static readonly string[] Sources = ["push", "web", "trigger", "schedule", "api", "external"];

    // OK01–OK36: row = keyword, column = source; only the diagonal matches.
    public static TheoryData<string, string, string, bool> SourceKeywords
    {
        get
        {
            var data = new TheoryData<string, string, string, bool>();
            for (var row = 0; row < Keywords.Length; row++)
            {
                for (var column = 0; column < Sources.Length; column++)
                {
                    data.Add($"OK{(row * 6) + column + 1:00}", Keywords[row], Sources[column], row == column);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SourceKeywords))]
    public void Source_keyword_selects_its_source(string id, string keyword, string source, bool matches)
    {
        var deploy = new SelectionContext(source, "deploy", false, "group/project");

        Assert.True(matches == Includes($"job: {{script: x, only: [{keyword}]}}", deploy), id + " only");
        Assert.True(!matches == Includes($"job: {{script: x, except: [{keyword}]}}", deploy), id + " except");
        Assert.False(Includes($"job: {{script: x, only: [{keyword}], except: [{keyword}]}}", deploy), id + " both");
    }

    // OV: branch master, push; the caller's variables already hold the winning (scoped) values.
    public static TheoryData<string, string[], bool> VariablePolicies => new()
    {
        { "OV01", ["$CI_PROJECT_ID", "$UNDEFINED"], true },
        { "OV02", ["$MY_VARIABLE"], true },
        { "OV04", ["$CI_PIPELINE_SOURCE == \"push\""], true },
        { "OV05", ["$CI_PIPELINE_SOURCE == \"invalid source\""], false },
        { "OV07", ["$UNDEFINED"], false },
        { "OV08", ["$SECRET == 'my secret'"], true },
        { "OV10", ["$SCOPED_VARIABLE == \"my-value-1\""], false },
        { "blank variable", ["$CI_PROJECT_NAME"], false },
        { "invalid statement", ["$MY_VARIABLE == 1"], false },
        { "invalid and valid", ["$MY_VARIABLE == 1", "$MY_VARIABLE"], true },
    };

    [Theory]
    [MemberData(nameof(VariablePolicies))]
    public void Only_variables_holds_when_any_statement_is_truthful(string id, string[] statements, bool satisfied)
    {
        var master = new SelectionContext("push", "master", false, "group/project");
        var variables = new Dictionary<string, string>
        {
            ["CI_PROJECT_ID"] = "42",
            ["CI_PROJECT_NAME"] = "",
            ["CI_PIPELINE_SOURCE"] = "push",
            ["MY_VARIABLE"] = "my-var",
            ["SECRET"] = "my secret",
            ["SCOPED_VARIABLE"] = "my-value-2",
        };
        var only = new CiPolicy { Variables = statements };
        var job = new CiJob { Name = "job", Stage = "test", Only = only };

        Assert.True(satisfied == OnlyExcept.Includes(job, false, master, variables), id + " only");
        Assert.True(!satisfied == OnlyExcept.Includes(job with { Only = null, Except = only }, false, master, variables),
            id + " except");
    }

    // Effective only policy: OP21, OP22 and the default's removal (§2.6).
    public static TheoryData<string, string, bool, string> EffectiveOnly => new()
    {
        { "SO01", "job: {script: x}", false, "refs=branches,tags" },
        { "OP01", "job: {script: x, only: ['master', 'feature/branch']}", false, "refs=master,feature/branch" },
        { "OP07", "job: {script: x, only: {refs: ['master']}}", false, "refs=master" },
        { "OP21", "job: {script: x, only: {refs: ['feature'], variables: ['$VARIABLE']}}", false, "refs=feature; variables=$VARIABLE" },
        { "OP22", "job: {script: x, only: {variables: ['$VARIABLE']}}", false, "refs=branches,tags; variables=$VARIABLE" },
        { "changes only", "job: {script: x, only: {changes: ['a/*']}}", false, "refs=branches,tags; changes=a/*" },
        { "except only", "job: {script: x, except: [triggers]}", false, "refs=branches,tags" },
        { "rules", "job: {script: x, rules: [{when: always}]}", false, "none" },
        { "workflow rules", "job: {script: x}", true, "none" },
        { "workflow rules, user only", "job: {script: x, only: {variables: ['$V']}}", true, "refs=branches,tags; variables=$V" },
    };

    [Theory]
    [MemberData(nameof(EffectiveOnly))]
    public void Default_only_is_merged_or_dropped(string id, string yaml, bool workflowRules, string policy)
    {
        var job = TestYaml.Config(yaml).Jobs[0];

        Assert.True(policy == Describe(OnlyExcept.EffectiveOnly(job, workflowRules)), id);
    }

    // Triggered pipelines (§4 "Consequences for triggered pipelines") and the other keys.
    public static TheoryData<string, string, string, bool> Inclusion => new()
    {
        { "default on trigger", "job: {script: x}", "trigger main", true },
        { "default on job-token trigger", "job: {script: x}", "pipeline main", true },
        { "default on tag", "job: {script: x}", "trigger v1 tag", true },
        { "default on merge request", "job: {script: x}", "merge_request_event feature", false },
        { "except triggers", "job: {script: x, except: [triggers]}", "trigger main", false },
        { "except triggers on push", "job: {script: x, except: [triggers]}", "push main", true },
        { "only pipelines, job token", "job: {script: x, only: [pipelines]}", "pipeline main", true },
        { "only pipelines, trigger token", "job: {script: x, only: [pipelines]}", "trigger main", false },
        { "only triggers and main", "job: {script: x, only: {refs: [triggers], variables: ['$X']}}", "trigger main", false },
        { "except schedules", "job: {script: x, except: [schedules]}", "schedule main", false },
        { "only main on tag named main", "job: {script: x, only: [main]}", "trigger main tag", true },
        { "only kubernetes", "job: {script: x, only: {kubernetes: active}}", "trigger main", false },
        { "except kubernetes", "job: {script: x, except: {kubernetes: active}}", "trigger main", true },
        { "only changes without diff", "job: {script: x, only: {changes: ['docs/*']}}", "trigger main", true },
        { "except changes without diff", "job: {script: x, except: {changes: ['docs/*']}}", "trigger main", false },
        { "rules instead of default", "job: {script: x, rules: [{when: always}]}", "merge_request_event feature", true },
        { "job when never", "job: {script: x, when: never}", "trigger main", false },
    };

    [Theory]
    [MemberData(nameof(Inclusion))]
    public void Job_inclusion_follows_only_and_except(string id, string yaml, string pipeline, bool included)
    {
        Assert.True(included == Includes(yaml, Matching_refs.Pipeline(pipeline)), id);
    }

    private static bool Includes(string yaml, SelectionContext context) =>
        JobSelection.Select(TestYaml.Config(yaml).Jobs[0], false, context, NoVariables) is not null;

    private static string Describe(CiPolicy? policy)
    {
        if (policy is null)
        {
            return "none";
        }

        var parts = new List<string>();
        if (policy.Refs is { } refs)
        {
            parts.Add("refs=" + string.Join(",", refs));
        }

        if (policy.Variables is { } variables)
        {
            parts.Add("variables=" + string.Join(",", variables));
        }

        if (policy.Changes is { } changes)
        {
            parts.Add("changes=" + string.Join(",", changes));
        }

        return string.Join("; ", parts);
    }
}
