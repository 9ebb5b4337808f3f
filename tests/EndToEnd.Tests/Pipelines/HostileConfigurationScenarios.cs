using System.Diagnostics;
using System.Net;
using System.Text;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// Issue #13, findings 7 and 8: a configuration built to exhaust the server — a huge file, deep nesting, an alias bomb, a
/// regular expression that backtracks — costs a bounded amount of memory and time and gets GitLab's configuration error
/// (422 with a failed pipeline, as every invalid configuration), never a 5xx or a hang. Each composition runs these same
/// cases (see the derived classes).
/// </summary>
public abstract class HostileConfigurationScenarios
{
    protected const string TooBig = "The parsed YAML is too big";

    /// <summary>The composition's root client (through the gateway).</summary>
    protected abstract GitLabApiClient Root();

    /// <summary>Skips (or, on CI, fails) when the composition cannot run here.</summary>
    protected virtual void Require()
    {
    }

    public static TheoryData<string, string> HostileConfigurations => new()
    {
        { "nested flow sequences", "job: {script: x, variables: {A: " + new string('[', 10_000) + new string(']', 10_000) + "}}\n" },
        { "nested flow mappings", "job: {script: x, variables: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "x" + new string('}', 10_001) + "\n" },
        { "alias bomb", AliasBomb() },
        { "text bomb", TextBomb() },
    };

    [Theory]
    [MemberData(nameof(HostileConfigurations))]
    public async Task A_hostile_configuration_is_refused_quickly(string kind, string config)
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        using var project = await CiProject.ArrangeAsync(Root(), config, ct);

        var clock = Stopwatch.StartNew();
        using var response = await project.TriggerAsync("main", ct);

        await Refusal.IsAsync(response, 422, TooBig, ct);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{kind}: answered after {clock.Elapsed}");
    }

    // #13, finding 8: each match of /^(a+)+$/ against "aaa…b" backtracked until its 1 s timeout: 12 jobs took 12 s of CPU.
    [Fact]
    public async Task Rules_with_a_backtracking_pattern_are_evaluated_in_linear_time()
    {
        Require();
        var ct = TestContext.Current.CancellationToken;
        var config = new StringBuilder();
        for (var i = 0; i < 12; i++)
        {
            config.Append($"job-{i:D2}:\n  script: x\n  rules:\n    - if: $V =~ /^(a+)+$/\n      when: never\n    - when: always\n");
        }
        using var project = await CiProject.ArrangeAsync(Root(), config.ToString(), ct);
        await project.TriggerCreatedAsync("main", ct);

        var clock = Stopwatch.StartNew();
        var jobs = await project.JobNamesAsync("main", ct, ("V", new string('a', 30_000) + "b"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"answered after {clock.Elapsed}");
        Assert.Equal([.. Enumerable.Range(0, 12).Select(i => $"job-{i:D2}")], jobs);
        using var matching = await project.TriggerAsync("main", ct, ("V", "aaaa"));
        await Refusal.IsAsync(matching, 400, Refusal.Empty, ct);
    }

    // 100 MB of script from a 100 kB line: few nodes, but every job record and its JSON would hold all of it.
    private static string TextBomb()
    {
        var yaml = new StringBuilder(".a0: &a0 '").Append('x', 100_000).Append("'\n");
        for (var i = 1; i <= 3; i++)
        {
            yaml.Append($".a{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        }
        return yaml.Append("job:\n  script: *a3\n").ToString();
    }

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 12; i++)
        {
            yaml.Append($"a{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        }
        return yaml.Append("job:\n  script: *a11\n").ToString();
    }
}
