using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using WvsMesh.EndToEnd.Tests.AllInOne;
using WvsMesh.TestKit;
using Xunit;

namespace WvsMesh.EndToEnd.Tests.Pipelines;

/// <summary>
/// Issue #4, acceptance 3: which value of a variable a job's rules see (reference gitlab-ci.md §6.1: global YAML &lt; job
/// YAML &lt; project CI/CD variable &lt; trigger variable), and protected project variables only on protected refs (§6.4).
/// Jobs do not run yet, so the value is read through rules: job <c>sees-&lt;level&gt;</c> exists only when <c>$X</c>
/// equals that level's value.
/// </summary>
public sealed class Resolving_variable_precedence(AllInOneApp app) : IClassFixture<AllInOneApp>
{
    private static readonly string[] Levels = ["global", "job", "project", "trigger"];

    private readonly GitLabApiClient _root = app.Api();

    public static TheoryData<bool, bool, bool, bool, string> Table => new()
    {
        // global, job, project, trigger → the value the job sees
        { false, false, false, false, "none" },
        { true, false, false, false, "global" },
        { true, true, false, false, "job" },
        { false, true, false, false, "job" },
        { true, true, true, false, "project" },
        { true, false, true, false, "project" },
        { false, false, true, false, "project" },
        { true, true, true, true, "trigger" },
        { true, true, false, true, "trigger" },
        { false, false, true, true, "trigger" },
        { false, false, false, true, "trigger" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task The_highest_source_that_sets_a_variable_wins(bool global, bool job, bool project, bool trigger, string winner)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, Config(global, job), ct);
        if (project)
        {
            await ci.AddVariableAsync("X", "project", ct);
        }

        var names = await ci.JobNamesAsync("main", ct, trigger ? [("X", "trigger")] : []);

        Assert.Equal(winner == "none" ? ["anchor"] : ["anchor", "sees-" + winner], names);
    }

    [Fact]
    public async Task A_protected_variable_reaches_rules_on_a_protected_branch_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, """
            anchor: {script: x}
            sees-protected: {script: x, rules: [{if: '$P == "yes"'}]}
            sees-unprotected: {script: x, rules: [{if: '$U == "yes"'}]}
            ref-protected: {script: x, rules: [{if: '$CI_COMMIT_REF_PROTECTED == "true"'}]}

            """, ct);
        await ci.ProtectBranchAsync("main", ct);
        await ci.AddVariableAsync("P", "yes", ct, ("protected", "true"));
        await ci.AddVariableAsync("U", "yes", ct, ("protected", "false"));

        Assert.Equal(["anchor", "ref-protected", "sees-protected", "sees-unprotected"], await ci.JobNamesAsync("main", ct));
        Assert.Equal(["anchor", "sees-unprotected"], await ci.JobNamesAsync("feature/x", ct));
    }

    [Fact]
    public async Task A_protected_variable_reaches_rules_on_a_protected_tag()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "anchor: {script: x}\nsees-protected: {script: x, rules: [{if: '$P == \"yes\"'}]}\n", ct);
        using var protect = await ci.Owner.SendFormAsync(HttpMethod.Post, $"{ci.Path}/protected_tags", ct, ("name", "v*"), ("create_access_level", "40"));
        await GitLabApiClient.ExpectAsync(protect, HttpStatusCode.Created, ct);
        await ci.AddVariableAsync("P", "yes", ct, ("protected", "true"));

        Assert.Equal(["anchor", "sees-protected"], await ci.JobNamesAsync("v1", ct));
        Assert.Equal(["anchor"], await ci.JobNamesAsync("release-1", ct));
    }

    [Theory]
    [InlineData("short", 400)]
    [InlineData("has spaces in it", 400)]
    [InlineData("long-enough_value=", 201)]
    public async Task A_masked_variable_needs_eight_characters_of_the_masking_alphabet(string value, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ci = await CiProject.ArrangeAsync(_root, "job: {script: x}\n", ct);

        using var response = await ci.Owner.SendFormAsync(HttpMethod.Post, $"{ci.Path}/variables", ct, ("key", "M"), ("value", value), ("masked", "true"));

        if (status == 400)
        {
            await Refusal.IsJsonAsync(response, 400, JsonNode.Parse("""{"message":{"value":["is invalid"]}}""")!, ct); // a JSON literal is never null
        }
        else
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private static string Config(bool global, bool job)
    {
        var yaml = new StringBuilder();
        if (global)
        {
            yaml.Append("variables:\n  X: global\n");
        }
        yaml.Append("anchor:\n  script: x\n");
        foreach (var level in Levels)
        {
            yaml.Append($"sees-{level}:\n  script: x\n");
            if (job)
            {
                yaml.Append("  variables:\n    X: job\n");
            }
            yaml.Append($"  rules:\n    - if: $X == \"{level}\"\n");
        }
        return yaml.ToString();
    }
}
