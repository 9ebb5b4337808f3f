using WvsMesh.Pipelines.Domain.Config;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Config;

/// <summary>Valid <c>.wvs/root-ci.yml</c> files and the model they become (issue 4; gitlab-ci.md §2–§4).</summary>
public sealed class Reading_a_valid_config
{
    public static TheoryData<string, string> StageLists => new()
    {
        { "build:\n  script: x\n", ".pre, build, test, deploy, .post" },
        { "stages: [lint, build]\nbuild:\n  stage: lint\n  script: x\n", ".pre, lint, build, .post" },
        { "stages: [.post, build, .pre]\nbuild:\n  stage: build\n  script: x\n", ".pre, build, .post" },
        { "stages: [build, build, test]\nbuild:\n  script: x\n", ".pre, build, test, .post" },
        { "stages: []\nbuild:\n  stage: .pre\n  script: x\n", ".pre, .post" },
    };

    [Theory]
    [MemberData(nameof(StageLists))]
    public void User_stages_are_wrapped_in_pre_and_post(string yaml, string stages)
    {
        Assert.Equal(stages, string.Join(", ", CiConfigParser.Parse(yaml).Stages));
    }

    public static TheoryData<string, string> JobLists => new()
    {
        { "zeta:\n  script: x\nalpha:\n  script: x\n", "zeta, alpha" },
        { ".template:\n  script: x\nbuild:\n  script: x\n.other: {}\n", "build" },
        {
            "image: ruby\nservices: [pg]\ncache: {}\nvariables: {A: 1}\nstages: [test]\ndefault: {}\nworkflow: {}\nbefore_script: [a]\nafter_script: [b]\njob:\n  script: x\n",
            "job"
        },
        { "pages:\n  script: x\nrelease:\n  script: x\n", "pages, release" },
    };

    [Theory]
    [MemberData(nameof(JobLists))]
    public void Jobs_are_the_visible_non_global_keys_in_file_order(string yaml, string jobs)
    {
        Assert.Equal(jobs, string.Join(", ", CiConfigParser.Parse(yaml).Jobs.Select(j => j.Name)));
    }

    public static TheoryData<string, string> ScalarValues => new()
    {
        { "plain", "plain" },
        { "'quoted yes'", "quoted yes" },
        { "1", "1" },
        { "-7", "-7" },
        { "1.10", "1.1" },
        { "100.0", "100.0" },
        { "true", "true" },
        { "yes", "true" },
        { "Off", "false" },
        { "'yes'", "yes" },
        { "\"1\"", "1" },
        { "0x1A", "26" },
        { "017", "15" },
        { "08", "08" },
        { "1_000", "1000" },
        { "1e3", "1e3" },
        { ".inf", "Infinity" },
        { "!!str 1", "1" },
        { "{value: 5, description: a number}", "5" },
        { "{value: 'x', expand: false}", "x" },
        { "{description: only a description}", "" },
        { "''", "" },
        { "|\n    line one\n    line two", "line one\nline two\n" },
    };

    [Theory]
    [MemberData(nameof(ScalarValues))]
    public void A_variable_value_becomes_the_string_GitLab_sees(string value, string expected)
    {
        var config = CiConfigParser.Parse($"variables:\n  V: {value}\njob:\n  script: x\n");

        Assert.Equal(expected, Assert.Single(config.Variables).Value);
    }

    [Fact]
    public void Global_variables_keep_file_order()
    {
        var config = CiConfigParser.Parse("variables:\n  Z: 1\n  A: two\n  M: {value: three}\njob:\n  script: x\n");

        Assert.Equal("[Z=1|A=two|M=three]", ConfigText.Variables(config.Variables));
    }

    public static TheoryData<string, string, string> Jobs => new()
    {
        { "build:\n  script: echo hi\n", "build", "build stage=test script=[echo hi]" },
        { "build:\n  stage: deploy\n  script: [a, b]\n", "build", "build stage=deploy script=[a|b]" },
        { "build:\n  type: build\n  script: x\n", "build", "build stage=build script=[x]" },
        { "build:\n  script:\n    - a\n    - [b, c]\n    - d\n", "build", "build stage=test script=[a|b|c|d]" },
        {
            "build:\n  before_script: b\n  script: s\n  after_script: [a1, a2]\n", "build",
            "build stage=test before=[b] script=[s] after=[a1|a2]"
        },
        {
            "build:\n  script: x\n  variables:\n    B: 2\n    A: 'one'\n    C: {value: on}\n", "build",
            "build stage=test script=[x] vars=[B=2|A=one|C=true]"
        },
        { "build:\n  script: x\n  when: manual\n", "build", "build stage=test script=[x] when=manual allow_failure" },
        { "build:\n  script: x\n  when: manual\n  allow_failure: false\n", "build", "build stage=test script=[x] when=manual" },
        { "build:\n  script: x\n  allow_failure: true\n", "build", "build stage=test script=[x] allow_failure" },
        { "build:\n  script: x\n  allow_failure:\n    exit_codes: [137, 255]\n", "build", "build stage=test script=[x]" },
        { "build:\n  script: x\n  allow_failure: {exit_codes: 1}\n", "build", "build stage=test script=[x]" },
        { "build:\n  script: x\n  when: always\n", "build", "build stage=test script=[x] when=always" },
        { "build:\n  script: x\n  when: on_failure\n", "build", "build stage=test script=[x] when=on_failure" },
        {
            "build:\n  script: x\n  when: delayed\n  start_in: 30 minutes\n", "build",
            "build stage=test script=[x] when=delayed start_in=30 minutes"
        },
        { "build:\n  script: x\n  when: delayed\n  start_in: 1 week\n", "build", "build stage=test script=[x] when=delayed start_in=1 week" },
        { "build:\n  script: x\n  when: delayed\n  start_in: '2h30m'\n", "build", "build stage=test script=[x] when=delayed start_in=2h30m" },
        {
            "lint:\n  stage: build\n  script: x\ntest:\n  script: x\n  needs: [lint, {job: docs, optional: true}, {job: test2}]\ntest2:\n  script: x\n",
            "test", "test stage=test script=[x] needs=[lint|docs?|test2]"
        },
        { "test:\n  script: x\n  needs: []\n", "test", "test stage=test script=[x] needs=[]" },
        { "test:\n  script: x\n  only: [main, /^release-.*$/]\n", "test", "test stage=test script=[x] only={refs=[main|/^release-.*$/]}" },
        {
            "test:\n  script: x\n  only:\n    refs: [branches]\n    changes: ['src/**/*']\n  except: [triggers]\n", "test",
            "test stage=test script=[x] only={refs=[branches] changes=[src/**/*]} except={refs=[triggers]}"
        },
        { "test:\n  script: x\n  except:\n    kubernetes: active\n", "test", "test stage=test script=[x] except={kubernetes=active}" },
        { "test:\n  script: x\n  only: []\n", "test", "test stage=test script=[x] only={refs=[]}" },
        { "test:\n  script: x\n  only:\n", "test", "test stage=test script=[x]" },
        { "test:\n  script: x\n  rules: []\n", "test", "test stage=test script=[x] rules=[]" },
        {
            "test:\n  script: x\n  rules:\n    - changes: [a.txt]\n      when: manual\n    - exists: ['Dockerfile']\n      allow_failure: true\n    - when: never\n",
            "test", "test stage=test script=[x] rules=[{changes=[a.txt] when=manual}, {exists=[Dockerfile] allow_failure=true}, {when=never}]"
        },
        {
            "test:\n  script: x\n  rules:\n    - when: delayed\n      start_in: 1 day\n      variables: {A: 1}\n      needs: [b]\nb:\n  stage: build\n  script: x\n",
            "test", "test stage=test script=[x] rules=[{when=delayed start_in=1 day vars=[A=1] needs=[b]}]"
        },
        {
            "test:\n  script: x\n  rules:\n    - changes: {paths: [src/*], compare_to: main}\n    - exists: {paths: [a]}\n",
            "test", "test stage=test script=[x] rules=[{changes=[src/*]}, {exists=[a]}]"
        },
        {
            "test:\n  script: x\n  rules:\n    - [{when: manual}, {when: always}]\n    - when: never\n",
            "test", "test stage=test script=[x] rules=[{when=manual}, {when=always}, {when=never}]"
        },
    };

    [Theory]
    [MemberData(nameof(Jobs))]
    public void A_job_reads_into_the_model(string yaml, string job, string expected)
    {
        Assert.Equal(expected, ConfigText.Job(CiConfigParser.Parse(yaml), job));
    }

    public static TheoryData<string, string, string> Defaults => new()
    {
        {
            "default:\n  before_script: [setup]\n  after_script: cleanup\n  image: ruby\njob:\n  script: x\n", "job",
            "job stage=test before=[setup] script=[x] after=[cleanup]"
        },
        {
            "default:\n  before_script: [setup]\njob:\n  before_script: [own]\n  script: x\n", "job",
            "job stage=test before=[own] script=[x]"
        },
        { "default:\n  before_script: [setup]\njob:\n  before_script: []\n  script: x\n", "job", "job stage=test script=[x]" },
        { "before_script: [legacy]\nafter_script: [bye]\njob:\n  script: x\n", "job", "job stage=test before=[legacy] script=[x] after=[bye]" },
        {
            "default:\n  before_script: [setup]\n  after_script: [bye]\njob:\n  inherit:\n    default: false\n  script: x\n", "job",
            "job stage=test script=[x]"
        },
        {
            "default:\n  before_script: [setup]\n  after_script: [bye]\njob:\n  inherit:\n    default: [after_script]\n  script: x\n", "job",
            "job stage=test script=[x] after=[bye]"
        },
        {
            "default:\n  before_script: [setup]\njob:\n  inherit:\n    default: true\n    variables: true\n  script: x\n", "job",
            "job stage=test before=[setup] script=[x]"
        },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public void Default_scripts_fill_in_what_a_job_leaves_out(string yaml, string job, string expected)
    {
        Assert.Equal(expected, ConfigText.Job(CiConfigParser.Parse(yaml), job));
    }

    public static TheoryData<string, string?> WorkflowRules => new()
    {
        { "job:\n  script: x\n", null },
        { "workflow:\n  name: x\njob:\n  script: x\n", null },
        { "workflow:\n  rules:\n    - when: never\n    - when: always\njob:\n  script: x\n", "[{when=never}, {when=always}]" },
        {
            "workflow:\n  rules:\n    - changes: [a]\n      variables: {DEPLOY: 'yes'}\n  auto_cancel: {on_new_commit: interruptible}\njob:\n  script: x\n",
            "[{changes=[a] vars=[DEPLOY=yes]}]"
        },
        { "workflow:\n  rules: []\njob:\n  script: x\n", "[]" },
    };

    [Theory]
    [MemberData(nameof(WorkflowRules))]
    public void Workflow_rules_are_kept_when_given(string yaml, string? rules)
    {
        var parsed = CiConfigParser.Parse(yaml).WorkflowRules;

        Assert.Equal(rules, parsed is null ? null : ConfigText.Rules(parsed));
    }
}
