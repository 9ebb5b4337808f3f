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
