using WvsMesh.Tokens.Domain;
using Xunit;

namespace WvsMesh.Tokens.Tests.Domain;

/// <summary>Trigger tokens: <c>wvsptt-</c> + 40 lower-case hex, shown to non-owners as 4 characters (GitLab's <c>short_token</c>).</summary>
public sealed class Formatting_trigger_tokens
{
    [Fact]
    public void New_tokens_are_the_prefix_and_40_lower_case_hex_characters()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Matches("^wvsptt-[0-9a-f]{40}$", TriggerTokenFormat.NewToken());
        }
    }

    [Fact]
    public void New_tokens_are_unique()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => TriggerTokenFormat.NewToken()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, tokens.Count);
    }

    public static TheoryData<string, string> ShortTokens => new()
    {
        { "wvsptt-dbf5566c4f6f1b3bd7f1fa51cbc8e3f6b9e2a4c1", "dbf5" },
        { "12345678", "1234" },
        { "1234", "1234" },
        { "abc", "abc" },
        { "wvsptt-ab", "ab" },
        { "wvsptt-", "" },
        { "", "" },
        // Only our own prefix is stripped: GitLab's glptt- tokens keep theirs.
        { "glptt-0123456789", "glpt" },
    };

    [Theory]
    [MemberData(nameof(ShortTokens))]
    public void Short_token_is_the_first_4_characters_after_the_prefix(string token, string shortToken)
    {
        Assert.Equal(shortToken, TriggerTokenFormat.ShortToken(token));
    }

    [Fact]
    public void Short_token_of_a_new_token_is_4_hex_characters()
    {
        var token = TriggerTokenFormat.NewToken();

        var shortToken = TriggerTokenFormat.ShortToken(token);

        Assert.Matches("^[0-9a-f]{4}$", shortToken);
        Assert.StartsWith(TriggerTokenFormat.Prefix + shortToken, token, StringComparison.Ordinal);
    }
}
