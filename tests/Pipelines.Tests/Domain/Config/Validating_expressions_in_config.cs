using WvsMesh.Pipelines.Domain.Config;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Config;

/// <summary>
/// <c>rules:if</c> and <c>only/except:variables</c> are checked with <c>Expression.Parse</c> (gitlab-ci.md §7.5, §7.12,
/// §7.16). These rows need the expression parser in <c>Domain/Expressions</c>.
/// </summary>
public sealed class Validating_expressions_in_config
{
    public static TheoryData<string, string> ValidRules => new()
    {
        { "- if: '$THIS || $THAT'\n  when: manual", "[{if=$THIS || $THAT when=manual}]" }, // CV02
        { "- if: '$THIS || $THAT'\n  when: delayed\n  start_in: '15 minutes'", "[{if=$THIS || $THAT when=delayed start_in=15 minutes}]" }, // CV08
        { "- if: '$CI_PIPELINE_SOURCE == \"trigger\"'\n- when: never", "[{if=$CI_PIPELINE_SOURCE == \"trigger\"}, {when=never}]" },
        { "- if: '$CI_COMMIT_BRANCH =~ /^release/'\n  variables: {A: 1}", "[{if=$CI_COMMIT_BRANCH =~ /^release/ vars=[A=1]}]" },
    };

    [Theory]
    [MemberData(nameof(ValidRules))]
    public void A_rule_with_a_valid_if_is_kept(string rules, string expected)
    {
        var yaml = "test:\n  script: x\n  rules:\n" + Indent(rules, 4) + "\n";

        Assert.Equal(expected, ConfigText.Rules(CiConfigParser.Parse(yaml).Jobs.Single().Rules!)); // rules: given
    }

    [Fact]
    public void Workflow_rules_with_if_are_kept()
    {
        var config = CiConfigParser.Parse("workflow:\n  rules:\n    - if: '$CI_PIPELINE_SOURCE == \"trigger\"'\ntest:\n  script: x\n");

        Assert.Equal("[{if=$CI_PIPELINE_SOURCE == \"trigger\"}]", ConfigText.Rules(config.WorkflowRules!)); // workflow:rules given
    }

    public static TheoryData<string, string> ValidPolicies => new()
    {
        { "{refs: ['feature'], variables: ['$VARIABLE']}", "{refs=[feature] variables=[$VARIABLE]}" }, // OP21
        { "{variables: ['$VARIABLE']}", "{variables=[$VARIABLE]}" }, // OP22: the default refs are merged in by selection
        { "{variables: ['$A == \"1\"', '$B']}", "{variables=[$A == \"1\"|$B]}" },
    };

    [Theory]
    [MemberData(nameof(ValidPolicies))]
    public void Only_variables_with_valid_expressions_are_kept(string only, string expected)
    {
        var job = CiConfigParser.Parse($"test:\n  script: x\n  only: {only}\n").Jobs.Single();

        Assert.EndsWith("only=" + expected, ConfigText.Job(job));
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "test:\n  script: x\n  rules:\n    - if: '$CI_COMMIT_REF =~ /^(?!master).+/'\n", "jobs:test:rules:rule if invalid expression syntax" }, // CV07
        { "test:\n  script: x\n  rules:\n    - if: '$MY_VAR =='\n", "jobs:test:rules:rule if invalid expression syntax" },
        { "test:\n  script: x\n  rules:\n    - if: '$THIS == \"that\"'\n      when: false\n", "jobs:test:rules:rule when unknown value: false" }, // CV14
        { "workflow:\n  rules:\n    - if: '$THIS == \"that\"'\n      when: on_success\ntest:\n  script: x\n", "workflow:rules:rule when unknown value: on_success" }, // CV16
        { "test:\n  script: x\n  only: {variables: ['$MY_VAR ==']}\n", "jobs:test:only variables invalid expression syntax" }, // OP13
        { "test:\n  script: x\n  except: {variables: ['$MY_VAR =~ /some ( thing/']}\n", "jobs:test:except variables invalid expression syntax" }, // OP15
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_expression_is_a_config_error(string yaml, string message)
    {
        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(yaml));

        Assert.Equal(message, error.Message);
    }

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(line => new string(' ', spaces) + line));
}
