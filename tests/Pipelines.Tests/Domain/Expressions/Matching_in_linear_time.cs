using System.Diagnostics;
using WvsMesh.Pipelines.Domain.Config;
using WvsMesh.Pipelines.Domain.Expressions;
using WvsMesh.Pipelines.Domain.Selection;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Expressions;

/// <summary>
/// #13, finding 8: user-supplied patterns run on a linear-time engine, as RE2 does for GitLab — a pattern that makes a
/// backtracking engine explode answers at once — and one RE2 validator decides for the configuration and for evaluation.
/// </summary>
public sealed class Matching_in_linear_time
{
    private static readonly string Hostile = new string('a', 50_000) + "b";

    public static TheoryData<string, string> Catastrophic => new()
    {
        { "nested plus", "/^(a+)+$/" },
        { "nested star", "/^(a*)*$/" },
        { "alternation under a star", "/^(a|a)*$/" },
        { "alternation with overlap", "/^(a|aa)+$/" },
        { "nested with a tail", "/(a+)+c/" },
        { "ungreedy flag", "/^(a+)+$/U" },
        { "case-insensitive", "/^(A+)+$/i" },
        { "counted", "/^(a{1,10}){1,100}$/" },
    };

    [Theory]
    [MemberData(nameof(Catastrophic))]
    public void A_backtracking_pattern_answers_well_under_a_second(string kind, string pattern)
    {
        var regex = UntrustedRegex.FromPatternText(pattern);
        Assert.NotNull(regex);

        var clock = Stopwatch.StartNew();
        var matched = regex.IsMatch(Hostile);

        Assert.False(matched, kind);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"{kind}: {clock.Elapsed}");
    }

    [Fact]
    public void An_expression_with_a_backtracking_pattern_evaluates_well_under_a_second()
    {
        var expression = Expression.Parse("$V =~ /^(a+)+$/");
        var variables = new Dictionary<string, string> { ["V"] = Hostile };

        var clock = Stopwatch.StartNew();
        var truthful = expression.IsTruthful(variables);

        Assert.False(truthful);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), clock.Elapsed.ToString());
    }

    [Fact]
    public void A_ref_pattern_that_backtracks_answers_well_under_a_second()
    {
        var context = new SelectionContext("push", new string('a', 5_000) + "b", false, "group/project");

        var clock = Stopwatch.StartNew();
        var satisfied = RefsPolicy.IsSatisfied(["/^(a|aa)+$/"], context);

        Assert.False(satisfied);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), clock.Elapsed.ToString());
    }

    [Fact]
    public void A_glob_that_backtracks_answers_well_under_a_second()
    {
        var glob = string.Concat(Enumerable.Repeat("*a", 12)) + "*c";

        var clock = Stopwatch.StartNew();
        var matched = Glob.IsMatch(glob, new string('a', 2_000));

        Assert.False(matched);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), clock.Elapsed.ToString());
    }

    // Valid and invalid as RE2 (and so GitLab) decides; every place that takes a pattern must agree.
    public static TheoryData<string, bool> Patterns => new()
    {
        { "^main$", true },
        { @"\Aab\z", true },
        { @"ab\Z", false },
        { "(?i)main", true },
        { "(?i:m)ain", true },
        { "(?P<name>a)", true },
        { @"\pL+", true },
        { "[[:alpha:]]+", true },
        { "^(a+)+$", true },
        { @"\bword\b", true },
        { "(?m)^a$", true },
        { @"(a)\1", false },
        { @"(?P<n>a)(?P=n)", false },
        { "a(?=b)", false },
        { "a(?!b)", false },
        { "(?<=a)b", false },
        { "(?<!a)b", false },
        { "(?>a)", false },
        { "a++", false },
        { @"\C", false },
        { "(?#comment)", false },
        { "a{1001}", false },
        { "(a{100}){100}", false },
        { "((a{10}){10}){10}", true },
        { "(a{10}){101}", false },
        { "a{2,1}", false },
        { "(", false },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Config_validation_and_evaluation_agree(string pattern, bool valid)
    {
        var asRef = Accepted($"job:\n  script: x\n  only: ['/{pattern}/']\n");
        var asRule = Accepted($"job:\n  script: x\n  rules:\n    - if: '$V =~ /{pattern}/'\n");
        var asValue = UntrustedRegex.FromPatternText($"/{pattern}/") is not null;

        Assert.Equal((valid, valid, valid), (asRef, asRule, asValue));
    }

    [Fact]
    public void A_compiled_pattern_is_reused()
    {
        Assert.Same(UntrustedRegex.FromPatternText("/^reused-(a+)+$/"), UntrustedRegex.FromPatternText("/^reused-(a+)+$/"));
    }

    private static bool Accepted(string yaml)
    {
        try
        {
            CiConfigParser.Parse(yaml);
            return true;
        }
        catch (CiConfigException)
        {
            return false;
        }
    }
}
