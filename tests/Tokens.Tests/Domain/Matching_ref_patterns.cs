using System.Diagnostics;
using WvsMesh.Tokens.Domain;
using Xunit;

namespace WvsMesh.Tokens.Tests.Domain;

/// <summary>Protected-ref and allowed-ref names: exact, or <c>*</c> wildcards matching any characters (GitLab's RefMatcher).</summary>
public sealed class Matching_ref_patterns
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "main", "main", true },
        { "main", "main2", false },
        { "release/*", "release/1.0", true },
        { "release/*", "release/", true },
        { "release/*", "release", false },
        { "*-stable", "1-0-stable", true },
        { "*-stable", "1-0-stable-x", false },
        { "*", "anything/at/all", true },
        { "a*b*c", "abc", true },
        { "a*b*c", "aXbYc", true },
        { "a*b*c", "acb", false },
        { "a*a", "a", false },
        { "a*a", "aa", true },
        { "*ab*ab*", "abab", true },
        { "*ab*ab*", "aba", false },
        { "feature/*/x", "feature/a/b/x", true },
        { "v*.*", "v1", false },
        { "v*.*", "v1.2", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_wildcard_matches_any_characters(string pattern, string refName, bool expected) =>
        Assert.Equal(expected, RefPattern.Matches(pattern, refName));

    [Fact]
    public void A_pattern_that_would_backtrack_answers_at_once() // #13
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 30)) + "*c";
        var refName = new string('a', 100_000);
        var clock = Stopwatch.StartNew();

        Assert.False(RefPattern.Matches(pattern, refName));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
