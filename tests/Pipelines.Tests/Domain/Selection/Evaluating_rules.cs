using WvsMesh.Pipelines.Domain.Selection;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Selection;

/// <summary>
/// <c>Rules#evaluate</c> and <c>Seed::Build#included?</c> (gitlab-ci.md §2, §7.10, §7.11): the first rule whose clauses
/// all hold decides; nothing matching means <c>never</c>. Outcomes render as <c>when; key=value…</c>.
/// </summary>
public sealed class Evaluating_rules
{
    private static readonly SelectionContext Trigger = new("trigger", "main", false, "group/project");

    public static TheoryData<string, string, string, string> RulesResults => new()
    {
        { "R02", "", "manual", "manual" },
        { "R03", "[]", "on_success", "never" },
        { "R05", "[{when: manual, allow_failure: true}]", "on_success", "manual; allow_failure=True" },
        { "R06", "[{if: '$VAR == null', when: always}]", "on_success", "always" },
        { "R08", "[{if: '$VAR =! null', when: delayed, start_in: '1 day'}, {if: '$VAR == null', when: always}]", "on_success", "always" },
        { "R09", "[{if: '$VAR == null', when: delayed, start_in: '1 day'}, {if: '$VAR != null', when: always}]", "on_success", "delayed; start_in=1 day" },
        { "R10", "[{if: '$VAR != null', when: always}]", "on_success", "never" },
        { "R11", "[{if: '$VAR != null', when: always}]", "manual", "never" },
        { "R12", "[{if: '$VAR == null', allow_failure: true}]", "on_success", "on_success; allow_failure=True" },
        { "R14", "[{if: '$VAR == null', variables: {MY_VAR: 'my var'}}]", "on_success", "on_success; variables=MY_VAR:my var" },
        { "R17", "[{if: '$VAR == null'}]", "on_success", "on_success" },
        { "R18", "[{if: '$VAR == null', when: always}]", "on_success", "always" },
        { "R20", "[{if: '$VAR != null', changes: ['$VAR == null'], when: always}]", "on_success", "never" },
        { "R21", "[{if: '$VAR != null', changes: ['README'], when: always}]", "on_success", "never" },
        { "no clause", "[{when: manual}]", "on_success", "manual" },
        { "default when", "[{if: '$VAR == null'}]", "manual", "manual" },
        { "first match", "[{when: never}, {when: always}]", "on_success", "never" },
        { "needs", "[{if: '$VAR == null', needs: [build]}]", "on_success", "on_success; needs=build" },
        { "allow_failure false", "[{when: manual, allow_failure: false}]", "on_success", "manual; allow_failure=False" },
        { "changes without diff", "[{changes: ['docs/**/*'], when: manual}]", "on_success", "manual" },
        { "exists without files", "[{exists: ['Dockerfile'], when: manual}]", "on_success", "never" },
        { "if and changes", "[{if: '$VAR == null', changes: ['x'], when: manual}]", "on_success", "manual" },
        { "unparsable if", "[{if: '$VAR == 1'}]", "on_success", "never" },
    };

    [Theory]
    [MemberData(nameof(RulesResults))]
    public void Rules_evaluate_to_gitlabs_result(string id, string rules, string defaultWhen, string result)
    {
        var outcome = RuleEvaluation.Evaluate(TestYaml.Rules(rules), defaultWhen, new Dictionary<string, string>(), Trigger);

        Assert.True(result == Describe(outcome), $"{id}: {Describe(outcome)}");
    }

    [Fact]
    public void A_never_result_does_not_pass()
    {
        // R15
        Assert.False(new RuleOutcome("never").Pass);
        Assert.True(new RuleOutcome("manual").Pass);
    }

    // SB cases: job rspec; $VAR and $VARIABLE undefined; CI_JOB_NAME visible.
    public static TheoryData<string, string, bool, string> Inclusion => new()
    {
        { "SB02", "[{if: '$VAR != null', when: always}]", false, "never" },
        { "SB03", "[{if: '$VAR == null', when: delayed, start_in: '3 hours'}]", true, "delayed; start_in=3 hours" },
        { "SB05", "[{if: '$VAR == null'}]", true, "on_success" },
        { "SB06", "[{if: '$VAR != null'}]", false, "never" },
        { "SB08", "[{if: '$VARIABLE == null', when: never}, {if: '$VARIABLE == null', when: always}]", false, "never" },
        { "SB09", "[{if: '$VARIABLE != \"the wrong value\"', when: never}, {if: '$VARIABLE == null', when: always}]", false, "never" },
        { "SB11", "[{if: '$VARIABLE != \"the wrong value\"', when: always}, {if: '$VARIABLE == null', when: never}]", true, "always" },
        { "SB12", "[{if: '$CI_JOB_NAME == \"rspec\" && $VAR == null', when: on_failure}]", true, "on_failure" },
        { "SB14", "[{if: '$VARIABLE == null', when: delayed, start_in: '1 day'}, {if: '$VARIABLE == null', when: never}]", true, "delayed; start_in=1 day" },
        { "SB15", "[{if: '$VARIABLE != \"the wrong value\"'}, {if: '$VARIABLE == null'}]", true, "on_success" },
        { "SB17", "[{if: '$VARIABLE == \"the wrong value\"', when: always}, {if: '$VARIABLE != null', when: never}]", false, "never" },
        { "SB18", "[{if: '$VARIABLE != null'}, {if: '$VARIABLE != null'}]", false, "never" },
    };

    [Theory]
    [MemberData(nameof(Inclusion))]
    public void Job_is_included_when_its_rules_pass(string id, string rules, bool included, string result)
    {
        var variables = new Dictionary<string, string> { ["CI_JOB_NAME"] = "rspec" };

        var outcome = RuleEvaluation.Evaluate(TestYaml.Rules(rules), "on_success", variables, Trigger);

        Assert.True(included == outcome.Pass, id);
        Assert.True(result == Describe(outcome), $"{id}: {Describe(outcome)}");
    }

    // rules:changes with a push diff, rules:exists against the commit's files, globs with $VAR expanded.
    public static TheoryData<string, string, bool> FileClauses => new()
    {
        { "[{changes: ['*.md']}]", "README.md", true },
        { "[{changes: ['*.md']}]", "docs/a.md", false },
        { "[{changes: ['**/*.md']}]", "docs/a.md", true },
        { "[{changes: ['**/*.md']}]", "README.md", true },
        { "[{changes: ['docs/**/*']}]", "docs/x/y.txt", true },
        { "[{changes: ['{src,lib}/*.cs']}]", "lib/a.cs", true },
        { "[{changes: ['$DIR/*']}]", "app/a.cs", true },
        { "[{changes: ['$UNSET/*']}]", "app/a.cs", false },
        { "[{changes: ['src/*', 'README.md']}]", "README.md", true },
        { "[{exists: ['Dockerfile']}]", "Dockerfile", true },
        { "[{exists: ['*.sln']}]", "WvsMesh.sln", true },
        { "[{exists: ['*.csproj']}]", "src/a.csproj", false },
        { "[{exists: ['**/*.csproj']}]", "src/a.csproj", true },
        { "[{exists: ['.hidden']}]", ".hidden", true },
        { "[{exists: ['$DIR/a.cs']}]", "app/a.cs", true },
        { "[{exists: ['Dockerfile'], changes: ['*.md']}]", "Dockerfile", false },
    };

    [Theory]
    [MemberData(nameof(FileClauses))]
    public void File_clauses_match_the_commit(string rules, string file, bool matches)
    {
        var push = new SelectionContext("push", "main", false, "group/project")
        {
            ChangedPaths = [file],
            Exists = glob => Glob.AnyMatch([file], glob),
        };
        var variables = new Dictionary<string, string> { ["DIR"] = "app" };

        var outcome = RuleEvaluation.Evaluate(TestYaml.Rules(rules), "on_success", variables, push);

        Assert.Equal(matches, outcome.Pass);
    }

    internal static string Describe(RuleOutcome outcome)
    {
        var parts = new List<string> { outcome.When };
        if (outcome.AllowFailure is { } allowFailure)
        {
            parts.Add("allow_failure=" + allowFailure);
        }

        if (outcome.StartIn is { } startIn)
        {
            parts.Add("start_in=" + startIn);
        }

        if (outcome.Variables.Count > 0)
        {
            parts.Add("variables=" + string.Join(",", outcome.Variables.Select(kv => kv.Key + ":" + kv.Value)));
        }

        if (outcome.Needs is { } needs)
        {
            parts.Add("needs=" + string.Join(",", needs.Select(n => n.Job)));
        }

        return string.Join("; ", parts);
    }
}
