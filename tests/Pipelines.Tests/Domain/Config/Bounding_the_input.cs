using System.Diagnostics;
using System.Globalization;
using System.Text;
using WvsMesh.Pipelines.Domain.Config;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Config;

/// <summary>Limits that keep a hostile or huge file from costing more than a refusal, and the parser's speed.</summary>
public sealed class Bounding_the_input
{
    [Fact]
    public void A_file_over_one_MiB_is_refused()
    {
        var yaml = "job:\n  script: x\n# " + new string('x', CiConfigParser.MaxYamlBytes) + "\n";

        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(yaml));

        Assert.Equal("The parsed YAML is too big", error.Message);
    }

    [Fact]
    public void Billion_laughs_aliases_are_refused()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [")
                .AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10))
                .Append("]\n");
        }

        yaml.Append("job:\n  script: *a9\n");

        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(yaml.ToString()));

        Assert.Equal("The parsed YAML is too big", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_100_levels_is_refused()
    {
        var yaml = "job:\n  script: x\n  variables: {A: " + new string('[', 150) + new string(']', 150) + "}\n";

        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(yaml));

        Assert.Equal("The parsed YAML is too big", error.Message);
    }

    // #13: a few anchors can spell out far more text than nodes — here a 100,000-character line 10,000 times, which the
    // job's script (and its JSON for the runner) would hold a gigabyte of.
    [Fact]
    public void Aliases_that_expand_to_too_much_text_are_refused()
    {
        var yaml = new StringBuilder(".a0: &a0 '").Append('x', 100_000).Append("'\n");
        for (var i = 1; i <= 4; i++)
        {
            yaml.Append($".a{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        }

        yaml.Append("job:\n  script: *a4\n");

        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(yaml.ToString()));

        Assert.Equal("The parsed YAML is too big", error.Message);
    }

    [Fact]
    public void Merge_keys_that_expand_too_far_are_refused()
    {
        var yaml = new StringBuilder(".base: &base {").AppendJoin(", ", Enumerable.Range(0, 1000).Select(i => $"k{i}: {i}")).Append("}\n");
        yaml.Append("job:\n  script: x\n  variables:\n    <<: [").AppendJoin(", ", Enumerable.Repeat("*base", 2000)).Append("]\n");

        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(yaml.ToString()));

        Assert.Equal("The parsed YAML is too big", error.Message);
    }

    // #13: what the fuzz test sends — 10,000 open brackets or braces, or block mappings as deep — is refused at depth 100,
    // quickly and without a stack overflow.
    public static TheoryData<string, string> DeeplyNested => new()
    {
        { "flow sequences", "job: {script: x, variables: {A: " + new string('[', 10_000) + new string(']', 10_000) + "}}\n" },
        { "flow mappings", "job: {script: x, variables: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "x" + new string('}', 10_001) + "\n" },
        { "unclosed flow sequences", "job: " + new string('[', 10_000) + "\n" },
        { "block mappings", "job:\n" + string.Concat(Enumerable.Range(1, 2_000).Select(i => new string(' ', i) + "a:\n")) },
        { "block sequences", "job:\n  " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n" },
    };

    [Theory]
    [MemberData(nameof(DeeplyNested))]
    public void Deep_nesting_is_refused_quickly(string kind, string yaml)
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(yaml));

        Assert.Equal("The parsed YAML is too big", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{kind}: {clock.Elapsed}");
    }

    [Fact]
    public void More_than_2000_jobs_are_refused()
    {
        var error = Assert.Throws<CiConfigException>(() => CiConfigParser.Parse(ManyJobs(2001)));

        Assert.Equal("jobs config should contain at most 2000 jobs", error.Message);
    }

    // The budget is checked against the test thread's CPU time where Linux exposes it, so a busy shared machine
    // (other builds, parallel test classes) does not fail the test; elsewhere wall-clock time is used.
    [Fact]
    public void A_thousand_jobs_parse_well_under_a_second()
    {
        var yaml = ManyJobs(1000);
        CiConfigParser.Parse(yaml);

        var (startCpu, clock) = (ThreadCpuTime(), Stopwatch.StartNew());
        var config = CiConfigParser.Parse(yaml);
        var spent = ThreadCpuTime() is { } endCpu && startCpu is not null ? endCpu - startCpu.Value : clock.Elapsed;

        Assert.Equal(1000, config.Jobs.Count);
        Assert.Equal("job-999 stage=test before=[setup] script=[make 999|make check] vars=[COMMON=1|N=999] only={refs=[main|tags]} needs=[job-998]",
            ConfigText.Job(config.Jobs[^1]));
        Assert.True(spent < TimeSpan.FromMilliseconds(500), $"took {spent.TotalMilliseconds} ms of CPU");
    }

    // utime + stime of the calling thread (fields 14 and 15 of /proc/thread-self/stat, in 1/100 s).
    private static TimeSpan? ThreadCpuTime()
    {
        const string Stat = "/proc/thread-self/stat";
        if (!File.Exists(Stat))
        {
            return null;
        }

        var fields = File.ReadAllText(Stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    // Jobs that use anchors, merge keys, extends, variables, only and needs, so every path is exercised.
    private static string ManyJobs(int count)
    {
        var yaml = new StringBuilder("""
            default:
              before_script: [setup]
            .vars: &vars {COMMON: 1}
            .template:
              stage: test
              only: [main, tags]

            """);
        for (var i = 0; i < count; i++)
        {
            yaml.Append($"job-{i}:\n  extends: .template\n  script: [make {i}, make check]\n  variables:\n    <<: *vars\n    N: {i}\n");
            if (i > 0)
            {
                yaml.Append($"  needs: [job-{i - 1}]\n");
            }
        }

        return yaml.ToString();
    }
}
