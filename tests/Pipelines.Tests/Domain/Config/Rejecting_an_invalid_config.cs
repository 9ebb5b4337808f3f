using WvsMesh.Pipelines.Domain.Config;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Config;

/// <summary>
/// Invalid files fail with GitLab's message: what is wrong and where (the pipeline is recorded as failed, 422).
/// Entry messages are lower-cased as GitLab's validator does.
/// </summary>
public sealed class Rejecting_an_invalid_config
{
    public static TheoryData<string, string> Documents => new()
    {
        { "", "Please provide content of .wvs/root-ci.yml" },
        { "  \n\n", "Please provide content of .wvs/root-ci.yml" },
        { "# only a comment\n", "Invalid configuration format" },
        { "just a string\n", "Invalid configuration format" },
        { "- a\n- b\n", "Invalid configuration format" },
        { "include: other.yml\nbuild:\n  script: x\n", "include is not supported yet" },
        { "include:\n  - local: a.yml\n", "include is not supported yet" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void A_file_that_is_not_a_hash_of_jobs_is_refused(string yaml, string message) => AssertRefused(yaml, message);

    public static TheoryData<string, string> YamlSyntax => new()
    {
        {
            "# comment\n\nbuild:\n  script: echo\n bad: x\n",
            "(<unknown>): did not find expected key while parsing a block mapping at line 3 column 1"
        },
        {
            "stages:\n  - build\nbuild:\n  script: echo\n  - x\n",
            "(<unknown>): did not find expected key while parsing a block mapping at line 4 column 3"
        },
        { "build: \"abc\n", "(<unknown>): found unexpected end of stream while scanning a quoted scalar at line 1 column 8" },
        { "a: b: c\n", "(<unknown>): mapping values are not allowed in this context at line 1 column 5" },
        { "a: 1\nb: @foo\n", "(<unknown>): found character that cannot start any token while scanning for the next token at line 2 column 4" },
        { "- a\nb: c\n", "(<unknown>): did not find expected '-' indicator while parsing a block collection at line 1 column 1" },
        { "a: [b, c\n", "(<unknown>): did not find expected ',' or ']' while parsing a flow sequence at line 2 column 1" },
        { "build:\n  script: *nope\n", "An alias referenced an unknown anchor: nope" },
        { "build:\n  script: !reference [.setup, script]\n", "!reference tags are not supported yet" },
        { "variables:\n  RELEASED: 2024-01-31\njob:\n  script: x\n", "Tried to load unspecified class: Date" },
    };

    [Theory]
    [MemberData(nameof(YamlSyntax))]
    public void Invalid_YAML_is_reported_like_Psych_with_line_and_column(string yaml, string message) => AssertRefused(yaml, message);

    public static TheoryData<string, string> Globals => new()
    {
        { "stages: build\nbuild:\n  script: x\n", "stages config should be an array of strings" },
        { "stages: [build, 1]\nbuild:\n  script: x\n", "stages config should be an array of strings" },
        { "variables: [A]\nbuild:\n  script: x\n", "variables config should be a hash of key value pairs" },
        { "variables:\n  A:\nbuild:\n  script: x\n", "variables config should be a hash of key value pairs" },
        { "variables:\n  A: [1]\nbuild:\n  script: x\n", "variables config should be a hash of key value pairs" },
        { "variables:\n  A: {value: [1]}\nbuild:\n  script: x\n", "variables config should be a hash of key value pairs" },
        { "variables:\n  A: {val: 1}\nbuild:\n  script: x\n", "variables config should be a hash of key value pairs" },
        { "default: [a]\nbuild:\n  script: x\n", "default config should be a hash" },
        { "default:\n  script: x\n  when: manual\nbuild:\n  script: x\n", "default config contains unknown keys: script, when" },
        { "default:\n  before_script: 1\nbuild:\n  script: x\n", "default:before_script config should be a string or a nested array of strings up to 10 levels deep" },
        { "before_script: {a: 1}\nbuild:\n  script: x\n", "before_script config should be a string or a nested array of strings up to 10 levels deep" },
        { "before_script: [a]\ndefault:\n  before_script: [b]\nbuild:\n  script: x\n", "before_script is defined in top-level and `default:` entry" },
        { "image: ruby\ndefault:\n  image: alpine\nbuild:\n  script: x\n", "image is defined in top-level and `default:` entry" },
        { "workflow: [a]\nbuild:\n  script: x\n", "workflow config should be a hash" },
        { "workflow:\n  when: always\nbuild:\n  script: x\n", "workflow config contains unknown keys: when" },
        { "workflow:\n  rules: always\nbuild:\n  script: x\n", "workflow:rules config should be an array" },
        { "workflow:\n  rules:\nbuild:\n  script: x\n", "workflow:rules config can't be blank" },
        { "workflow:\n  rules:\n    - when: manual\nbuild:\n  script: x\n", "workflow:rules:rule when unknown value: manual" },
        { "workflow:\n  rules:\n    - when: on_success\nbuild:\n  script: x\n", "workflow:rules:rule when unknown value: on_success" },
        { "workflow:\n  rules:\n    - string strategy\nbuild:\n  script: x\n", "workflow:rules:rule config should be a hash" },
        { "workflow:\n  rules:\n    - interruptible: maybe\nbuild:\n  script: x\n", "workflow:rules:rule interruptible should be a boolean value" },
    };

    [Theory]
    [MemberData(nameof(Globals))]
    public void Invalid_global_keywords_are_refused(string yaml, string message) => AssertRefused(yaml, message);

    public static TheoryData<string, string> JobShapes => new()
    {
        { "build:\n  stage: build\n", "jobs:build config should implement the script: or the trigger: keyword" },
        { "build: echo\n", "jobs:build config should implement the script: or the trigger: keyword" },
        { "build:\n", "jobs:build config should implement the script: or the trigger: keyword" },
        { "Build_Linux:\n  stage: build\n", "jobs:build_linux config should implement the script: or the trigger: keyword" },
        { "deploy:\n  trigger: group/project\n", "jobs:deploy config uses trigger:, which is not supported yet" },
        { ".hidden:\n  script: x\n", "jobs config should contain at least one visible job" },
        { "variables:\n  A: 1\n", "jobs config should contain at least one visible job" },
        { "build:\n  script: x\n  foo: 1\n  bar: 2\n", "jobs:build config contains unknown keys: foo, bar" },
        { "build:\n  script: 1\n", "jobs:build:script config should be a string or a nested array of strings up to 10 levels deep" },
        { "build:\n  script: [a, {b: c}]\n", "jobs:build:script config should be a string or a nested array of strings up to 10 levels deep" },
        { "build:\n  script: [a, true]\n", "jobs:build:script config should be a string or a nested array of strings up to 10 levels deep" },
        { "build:\n  script: x\n  after_script: 5\n", "jobs:build:after_script config should be a string or a nested array of strings up to 10 levels deep" },
        { "build:\n  script: []\n", "jobs:build script can't be blank" },
        { "build:\n  script:\n", "jobs:build script can't be blank" },
        { "build:\n  script: x\n  stage: [a]\n", "jobs:build:stage config should be a string" },
        { "build:\n  script: x\n  stage: compile\n", "jobs:build stage parameter should be one of: .pre, build, test, deploy, .post" },
        { "stages: [lint]\nbuild:\n  script: x\n", "jobs:build stage parameter should be one of: .pre, lint, .post" },
        { "build:\n  script: x\n  variables: [A]\n", "jobs:build:variables config should be a hash of key value pairs" },
        { "build:\n  script: x\n  variables:\n    A: {value: {b: 1}}\n", "jobs:build:variables config should be a hash of key value pairs" },
        { "build:\n  script: x\n  when: sometimes\n", "jobs:build when should be one of: on_success, on_failure, always, manual, delayed" },
        // `never` is a rules:when value; GitLab's job entry refuses it.
        { "build:\n  script: x\n  when: never\n", "jobs:build when should be one of: on_success, on_failure, always, manual, delayed" },
        { "build:\n  script: x\n  when: delayed\n", "jobs:build start in should be a duration" },
        { "build:\n  script: x\n  when: delayed\n  start_in: soon\n", "jobs:build start in should be a duration" },
        { "build:\n  script: x\n  when: delayed\n  start_in: 10\n", "jobs:build start in should be a duration" },
        { "build:\n  script: x\n  when: delayed\n  start_in: 8 days\n", "jobs:build start in should not exceed the limit" },
        { "build:\n  script: x\n  start_in: 1 hour\n", "jobs:build start in must be blank" },
        { "build:\n  script: x\n  allow_failure: maybe\n", "jobs:build allow failure should be a hash or a boolean value" },
        { "build:\n  script: x\n  allow_failure: {exit_codes: one}\n", "jobs:build:allow_failure exit codes should be an array of integers or an integer" },
        { "build:\n  script: x\n  allow_failure: {codes: 1}\n", "jobs:build:allow_failure config contains unknown keys: codes" },
        { "build:\n  script: x\n  inherit: false\n", "jobs:build:inherit config should be a hash" },
        { "build:\n  script: x\n  inherit:\n    variables: false\n", "jobs:build:inherit:variables config other than true is not supported yet" },
        { "build:\n  script: x\n  inherit:\n    default: [script]\n", "jobs:build:inherit:default config contains unknown values: script" },
    };

    [Theory]
    [MemberData(nameof(JobShapes))]
    public void Invalid_job_keywords_are_refused(string yaml, string message) => AssertRefused(yaml, message);

    public static TheoryData<string, string> Needs => new()
    {
        { "build:\n  script: x\n  needs: lint\n", "jobs:build:needs config can only be a hash or an array" },
        { "build:\n  script: x\n  needs: [1]\n", "jobs:build:needs:need has an unsupported type" },
        { "build:\n  script: x\n  needs: [{job: lint, when: x}]\n", "jobs:build:needs:need config contains unknown keys: when" },
        { "build:\n  script: x\n  needs: [{optional: true}]\n", "jobs:build:needs:need job should be a string" },
        { "build:\n  script: x\n  needs: [{job: lint, optional: maybe}]\n", "jobs:build:needs:need optional should be a boolean value" },
        {
            "build:\n  script: x\n  needs: [{project: a/b, job: lint, ref: main}]\n",
            "jobs:build:needs:need config uses cross-pipeline needs (project:, pipeline:), which are not supported yet"
        },
        { "build:\n  script: x\n  needs: [lint]\n", "build job: undefined need: lint" },
        { "build:\n  stage: build\n  script: x\n  needs: [deploy]\ndeploy:\n  stage: deploy\n  script: x\n", "build job: need deploy is not defined in current or prior stages" },
        { "lint:\n  script: x\nbuild:\n  script: x\n  needs: [lint, {job: lint}]\n", "build has the following needs duplicated: lint." },
    };

    [Theory]
    [MemberData(nameof(Needs))]
    public void Invalid_needs_are_refused(string yaml, string message) => AssertRefused(yaml, message);

    public static TheoryData<string, string> Extends => new()
    {
        { "a:\n  extends: b\n  script: x\nb:\n  extends: a\n", "jobs:a:extends config contains a circular dependency: a -> b -> a" },
        { "a:\n  extends: a\n  script: x\n", "jobs:a:extends config contains a circular dependency: a -> a" },
        { ".x:\n  extends: .y\n.y:\n  extends: [.z]\n.z:\n  extends: .x\njob:\n  script: x\n", "jobs:.x:extends config contains a circular dependency: .x -> .y -> .z -> .x" },
        { "build:\n  extends: .base\n  script: x\n", "jobs:build:extends config .base does not exist" },
        { ".base: [1]\nbuild:\n  extends: .base\n  script: x\n", "jobs:build:extends config .base should be a hash" },
        { "build:\n  extends: {a: 1}\n  script: x\n", "jobs:build extends should be an array of strings or a string" },
        { "build:\n  extends: [.a, 1]\n  script: x\n", "jobs:build extends should be an array of strings or a string" },
    };

    [Theory]
    [MemberData(nameof(Extends))]
    public void Invalid_extends_are_refused(string yaml, string message) => AssertRefused(yaml, message);

    public static TheoryData<string, string> Rules => new()
    {
        { "build:\n  script: x\n  rules: always\n", "jobs:build rules should be an array containing hashes and arrays of hashes" },
        { "build:\n  script: x\n  rules: [string strategy]\n", "jobs:build rules should be an array containing hashes and arrays of hashes" },
        { "build:\n  script: x\n  rules:\n    - when: sometimes\n", "jobs:build:rules:rule when unknown value: sometimes" },
        { "build:\n  script: x\n  rules:\n    - when: Sometimes\n", "jobs:build:rules:rule when unknown value: sometimes" },
        { "build:\n  script: x\n  rules:\n    - when: manual\n  only: [main]\n", "jobs:build config key may not be used with `rules`: only" },
        { "build:\n  script: x\n  rules: []\n  except: [main]\n  start_in: 1 day\n", "jobs:build config key may not be used with `rules`: except, start_in" },
        { "build:\n  script: x\n  rules:\n    - {}\n", "jobs:build:rules:rule config can't be blank" },
        { "build:\n  script: x\n  rules:\n    - when: manual\n      start_in: 1 hour\n", "jobs:build:rules:rule config contains disallowed keys: start_in" },
        { "build:\n  script: x\n  rules:\n    - when: delayed\n      start_in: later\n", "jobs:build:rules:rule start in should be a duration" },
        { "build:\n  script: x\n  rules:\n    - when: delayed\n      start_in: 2 weeks\n", "jobs:build:rules:rule start in should not exceed the limit" },
        { "build:\n  script: x\n  rules:\n    - allow_failure: sometimes\n", "jobs:build:rules:rule allow failure should be a boolean value" },
        { "build:\n  script: x\n  rules:\n    - variables: [A]\n", "jobs:build:rules:rule:variables config should be a hash of key value pairs" },
        { "build:\n  script: x\n  rules:\n    - needs: [{job: 1}]\n", "jobs:build:rules:rule:needs:need job should be a string" },
        { "build:\n  script: x\n  rules:\n    - changes: {paths: a}\n", "jobs:build:rules:rule:changes paths should be an array of strings" },
        { "build:\n  script: x\n  rules:\n    - exists: {paths: [a], project: x/y}\n", "jobs:build:rules:rule:exists project is not supported yet" },
        { "build:\n  script: x\n  rules:\n    - if: [1]\n", "jobs:build:rules:rule if invalid expression syntax" },

        // gitlab-ci.md §7.12 (Entry::Rules::Rule) cases that need no expression parser.
        { "test:\n  script: x\n  rules:\n    - if: ['$MY_VAR ==']\n", "jobs:test:rules:rule if invalid expression syntax" }, // CV04
        { "test:\n  script: x\n  rules:\n    - if: ['$MY_VAR == 123']\n", "jobs:test:rules:rule if invalid expression syntax" }, // CV05
        { "test:\n  script: x\n  rules:\n    - if: '$THIS || $THAT'\n      when: delayed\n", "jobs:test:rules:rule start in can't be blank" }, // CV10
        { "test:\n  script: x\n  rules:\n    - invalid: something\n", "jobs:test:rules:rule config contains unknown keys: invalid" }, // CV11
        { "workflow:\n  rules: ['string strategy']\ntest:\n  script: x\n", "workflow:rules:rule config should be a hash" }, // CV13
        { "test:\n  script: x\n  rules:\n    - when: false\n", "jobs:test:rules:rule when unknown value: false" }, // CV14 without if
        { "test:\n  script: x\n  rules:\n    - changes: 'a regular string'\n", "jobs:test:rules:rule changes should be an array of strings" }, // CV17
        { "test:\n  script: x\n  rules:\n    - exists: [1, 2]\n", "jobs:test:rules:rule exists should be an array of strings" }, // CV19
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Invalid_rules_are_refused(string yaml, string message) => AssertRefused(yaml, message);

    public static TheoryData<string, string> Policies => new()
    {
        { "build:\n  script: x\n  only: main\n", "jobs:build:only has to be either an array of conditions or a hash" },
        { "build:\n  script: x\n  except: true\n", "jobs:build:except has to be either an array of conditions or a hash" },
        { "build:\n  script: x\n  only: {refs: main}\n", "jobs:build:only refs should be an array of strings or regular expressions using re2 syntax" },
        { "build:\n  script: x\n  only: {changes: a}\n", "jobs:build:only changes should be an array of strings" },
        { "build:\n  script: x\n  only: ['/(a/']\n", "jobs:build:only config should be an array of strings or regular expressions using re2 syntax" },
        { "build:\n  script: x\n  only: ['/(a)\\1/']\n", "jobs:build:only config should be an array of strings or regular expressions using re2 syntax" },

        // gitlab-ci.md §7.16 (Entry::Policy) cases that need no expression parser.
        { "test:\n  script: x\n  only: ['/^(?!master).+/']\n", "jobs:test:only config should be an array of strings or regular expressions using re2 syntax" }, // OP04
        { "test:\n  script: x\n  only: [1]\n", "jobs:test:only config should be an array of strings or regular expressions using re2 syntax" }, // OP06
        { "test:\n  script: x\n  only: {kubernetes: 'something'}\n", "jobs:test:only kubernetes unknown value: something" }, // OP10
        { "test:\n  script: x\n  only: {variables: '$MY_VAR'}\n", "jobs:test:only variables should be an array of strings" }, // OP12
        { "test:\n  script: x\n  only: {refs: ['master'], invalid: something}\n", "jobs:test:only config contains unknown keys: invalid" }, // OP18
        { "test:\n  script: x\n  only: {}\n", "jobs:test:only config can't be blank" }, // OP19
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Invalid_only_and_except_are_refused(string yaml, string message) => AssertRefused(yaml, message);

    public static TheoryData<string, string> ValidPolicies => new()
    {
        { "['master', 'feature/branch']", "{refs=[master|feature/branch]}" }, // OP01
        { "['//']", "{refs=[//]}" }, // OP03
        { "{refs: ['master']}", "{refs=[master]}" }, // OP07
        { "{kubernetes: 'active'}", "{kubernetes=active}" }, // OP09
        { "{changes: ['some/*', 'paths/**/*.rb']}", "{changes=[some/*|paths/**/*.rb]}" }, // OP16
        { "['/^release-\\d+$/i', 'tags@group/project']", "{refs=[/^release-\\d+$/i|tags@group/project]}" },
        { "['/(?P<name>a)/']", "{refs=[/(?P<name>a)/]}" },
    };

    [Theory]
    [MemberData(nameof(ValidPolicies))]
    public void Valid_only_shapes_are_kept(string only, string expected)
    {
        var job = CiConfigParser.Parse($"test:\n  script: x\n  only: {only}\n").Jobs.Single();

        Assert.EndsWith("only=" + expected, ConfigText.Job(job));
    }

    private static void AssertRefused(string yaml, string message)
    {
        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(yaml));
        Assert.Equal(message, error.Message);
    }
}
