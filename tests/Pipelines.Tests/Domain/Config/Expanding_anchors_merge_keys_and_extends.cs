using WvsMesh.Pipelines.Domain.Config;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Config;

/// <summary>
/// YAML anchors, aliases and merge keys as Psych loads them, and <c>extends:</c> as GitLab's <c>Config::Extendable</c>
/// applies it (deep-merge hashes, child wins, arrays replaced, parents in order, at most 11 levels).
/// </summary>
public sealed class Expanding_anchors_merge_keys_and_extends
{
    public static TheoryData<string, string, string> Anchors => new()
    {
        // An anchored list reused by alias.
        {
            """
            .scripts: &setup [apt-get update, make]
            build:
              before_script: *setup
              script: *setup
            """,
            "build", "build stage=test before=[apt-get update|make] script=[apt-get update|make]"
        },
        // A merge key, then an override.
        {
            """
            .defaults: &defaults
              stage: build
              script: [make]
              when: manual
            build:
              <<: *defaults
              when: always
            """,
            "build", "build stage=build script=[make] when=always"
        },
        // Psych merges in place: a key written before <<: is overwritten by the merged hash.
        {
            """
            .defaults: &defaults
              stage: build
              script: [make]
            build:
              stage: deploy
              <<: *defaults
            """,
            "build", "build stage=build script=[make]"
        },
        // <<: [*a, *b]: the first hash in the list wins.
        {
            """
            .a: &a {stage: build, script: [a]}
            .b: &b {stage: deploy, script: [b], when: manual}
            job:
              <<: [*a, *b]
            """,
            "job", "job stage=build script=[a] when=manual allow_failure"
        },
        // Nested merges: an anchored hash that itself merges another.
        {
            """
            .base: &base
              script: [base]
              variables: {A: base}
            .middle: &middle
              <<: *base
              stage: build
            job:
              <<: *middle
              variables: {B: job}
            """,
            "job", "job stage=build script=[base] vars=[B=job]"
        },
        // Merge keys inside variables.
        {
            """
            .vars: &vars {A: 1, B: 2}
            job:
              script: x
              variables:
                <<: *vars
                B: override
                C: 3
            """,
            "job", "job stage=test script=[x] vars=[A=1|B=override|C=3]"
        },
        // Anchored scalars and a duplicate key (the last wins, in the first one's place).
        {
            """
            job:
              stage: &s build
              script: [x]
              variables: {FIRST: 1, NAME: *s, FIRST: 2}
            """,
            "job", "job stage=build script=[x] vars=[FIRST=2|NAME=build]"
        },
        // An anchored rule list.
        {
            """
            .rules: &rules
              - changes: [docs/*]
                when: never
              - when: on_success
            job:
              script: x
              rules: *rules
            """,
            "job", "job stage=test script=[x] rules=[{changes=[docs/*] when=never}, {when=on_success}]"
        },
        // A "<<" tagged !!str is an ordinary key.
        {
            """
            job:
              script: x
              variables:
                !!str <<: kept
            """,
            "job", "job stage=test script=[x] vars=[<<=kept]"
        },
    };

    [Theory]
    [MemberData(nameof(Anchors))]
    public void Anchors_aliases_and_merge_keys_expand_like_Psych(string yaml, string job, string expected)
    {
        Assert.Equal(expected, ConfigText.Job(CiConfigParser.Parse(yaml), job));
    }

    public static TheoryData<string, string, string> Extends => new()
    {
        {
            """
            .base:
              stage: build
              script: [base]
            job:
              extends: .base
            """,
            "job", "job stage=build script=[base]"
        },
        // Child wins; hashes deep-merge; arrays are replaced, not concatenated.
        {
            """
            .base:
              stage: build
              script: [base1, base2]
              variables: {A: base, B: base}
              only: {refs: [main], changes: [a]}
            job:
              extends: .base
              script: [child]
              variables: {B: child, C: child}
              only: {refs: [tags]}
            """,
            "job", "job stage=build script=[child] vars=[A=base|B=child|C=child] only={refs=[tags] changes=[a]}"
        },
        // Several parents merge in order (a later parent wins), then the job.
        {
            """
            .one:
              stage: build
              script: [one]
              variables: {A: one, B: one}
            .two:
              stage: deploy
              variables: {B: two}
            job:
              extends: [.one, .two]
              variables: {C: job}
            """,
            "job", "job stage=deploy script=[one] vars=[A=one|B=two|C=job]"
        },
        // A chain: job -> .b -> .a.
        {
            """
            .a:
              script: [a]
              when: manual
            .b:
              extends: .a
              stage: build
            job:
              extends: .b
              when: always
            """,
            "job", "job stage=build script=[a] when=always"
        },
        // A visible job may be a parent, and is a job too.
        {
            """
            build:
              stage: build
              script: [make]
            build-debug:
              extends: build
              variables: {DEBUG: 1}
            """,
            "build-debug", "build-debug stage=build script=[make] vars=[DEBUG=1]"
        },
        // Rules come from the parent; default: before_script still applies.
        {
            """
            default:
              before_script: [setup]
            .rules:
              rules:
                - when: manual
            job:
              extends: .rules
              script: x
            """,
            "job", "job stage=test before=[setup] script=[x] rules=[{when=manual}]"
        },
        // Extends and merge keys together.
        {
            """
            .vars: &vars {A: 1}
            .base:
              script: [base]
              variables:
                <<: *vars
                B: 2
            job:
              extends: .base
              variables: {A: 3}
            """,
            "job", "job stage=test script=[base] vars=[A=3|B=2]"
        },
    };

    [Theory]
    [MemberData(nameof(Extends))]
    public void Extends_deep_merges_parents_then_the_job(string yaml, string job, string expected)
    {
        Assert.Equal(expected, ConfigText.Job(CiConfigParser.Parse(yaml), job));
    }

    [Fact]
    public void Eleven_levels_of_extends_are_allowed()
    {
        var config = CiConfigParser.Parse(ExtendsChain(11));

        Assert.Equal("job stage=test script=[level11]", ConfigText.Job(config, "job"));
    }

    [Fact]
    public void Twelve_levels_of_extends_are_refused()
    {
        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(ExtendsChain(12)));

        Assert.Equal("jobs:job:extends config nests more than 11 levels deep", error.Message);
    }

    // job extends .l1, .l1 extends .l2 … .l(n-1) extends .ln; .ln holds the script.
    internal static string ExtendsChain(int levels)
    {
        var lines = new List<string> { "job:", "  extends: .l1" };
        for (var i = 1; i < levels; i++)
        {
            lines.Add($".l{i}:");
            lines.Add($"  extends: .l{i + 1}");
        }

        lines.Add($".l{levels}:");
        lines.Add($"  script: [level{levels}]");
        return string.Join("\n", lines) + "\n";
    }
}
