using WvsMesh.Pipelines.Domain.Expressions;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Expressions;

/// <summary>
/// Regex literals and RE2 emulation (gitlab-ci.md §1.5, §7.7): the lexer's eager scan, <c>\/</c> unescaping, flags as an
/// inline prefix, and what RE2 refuses.
/// </summary>
public sealed class Compiling_regex_literals
{
    public static TheoryData<string, string, string?> Scans => new()
    {
        { "RX01", "/pattern/", "/pattern/" },
        { "RX02", "//", null },
        { "RX04", "/pattern/im", "/pattern/im" },
        { "RX05", "/pattern/x", "/pattern/" },
        { "RX07", @"/some .* \/ pattern/", @"/some .* \/ pattern/" },
        { "RX08", @"/some numeric \/$ pattern/", @"/some numeric \/$ pattern/" },
        { "eager", "/some .* / pattern/", "/some .* /" },
        { "one character", "/./", null },
        { "two characters", "/ab/", "/ab/" },
        { "flags", "/a.b/smUi", "/a.b/smUi" },
    };

    [Theory]
    [MemberData(nameof(Scans))]
    public void Pattern_lexeme_scans_like_gitlabs(string id, string text, string? token)
    {
        var scanned = TryScan(text) is { Kind: TokenKind.Pattern } first ? first.Text : null;

        Assert.True(token == scanned, $"{id}: {scanned}");
    }

    public static TheoryData<string, string, string> Sources => new()
    {
        { "RX01", "/pattern/", "pattern" },
        { "RX04", "/pattern/im", "(?im)pattern" },
        { "RX07", @"/some .* \/ pattern/", "some .* / pattern" },
        { "RX08", @"/some numeric \/$ pattern/", "some numeric /$ pattern" },
        { "RX11", @"/foo\/bar/", "foo/bar" },
        { "numeric", @"/some numeric \$ pattern/", @"some numeric \$ pattern" },
        { "escaped backslash", @"/a\\\/b/", @"a\\/b" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Pattern_compiles_to_its_re2_source(string id, string text, string source)
    {
        Assert.True(source == UntrustedRegex.FromPatternText(text)?.Source, id);
    }

    public static TheoryData<string, string> NotPatterns => new()
    {
        { "RX10", "/ some ( thin/i" },
        { "RX13", "foo" },
        { "RX14", "foo" },
        { "no closing slash", "/foo" },
        { "unknown flag", "/foo/x" },
        { "OP04", "/^(?!master).+/" },
        { "CV07", "/^(?!master).+/" },
    };

    [Theory]
    [MemberData(nameof(NotPatterns))]
    public void Text_that_is_not_a_valid_pattern_yields_no_regex(string id, string text)
    {
        Assert.True(UntrustedRegex.FromPatternText(text) is null, id);
    }

    // Variables and only/except refs use RubySyntax (any body, OP03 "//" included), not the lexeme's two-character scan.
    public static TheoryData<string, string, string> RubySyntaxPatterns => new()
    {
        { "OP03", "//", "" },
        { "one character", "/./", "." },
        { "flags", "/DOCS-.*/i", "(?i)DOCS-.*" },
        { "slash inside", "/a/b/", "a/b" },
    };

    [Theory]
    [MemberData(nameof(RubySyntaxPatterns))]
    public void Ruby_syntax_text_compiles_to_a_regex(string id, string text, string source)
    {
        Assert.True(source == UntrustedRegex.FromPatternText(text)?.Source, id);
    }

    // §7.8: "re:" rights are compiled RE2 regexes; other rights are runtime strings.
    public static TheoryData<string, string?, string?, bool> MatchOperator => new()
    {
        { "M02", "my-awesome-string", "re:awesome.string$", true },
        { "M03", null, "re:pattern", false },
        { "M05", null, null, false },
        { "M06", "", "re:pattern", false },
        { "M07", "", "re:", true },
        { "M08", "My awesome contents\n\nMy-text-string!\n", "re:text-string", true },
        { "M09", "My awesome contents\n\nMy-terrible-string!\n", "re:text-string", false },
        { "M11", "My AWESOME content\n", "re:(?i)terrible", false },
        { "M12", "abcde", "/^ab.*/", true },
        { "string right", "23", "1234", true },
        { "string right, no match", "24", "1234", false },
        { "empty left, string right", "", "abc", true },
    };

    [Theory]
    [MemberData(nameof(MatchOperator))]
    public void Match_operators_follow_gitlab(string id, string? left, string? right, bool matches)
    {
        var variables = new Dictionary<string, string>();
        if (left is not null)
        {
            variables["L"] = left;
        }

        string rightOperand;
        if (right is not null && right.StartsWith("re:", StringComparison.Ordinal))
        {
            var body = right[3..];
            Assert.True(UntrustedRegex.TryCreate(body, out var regex), id);
            rightOperand = "$R";
            variables["R"] = "/" + regex.Source.Replace("/", "\\/", StringComparison.Ordinal) + "/";
        }
        else
        {
            if (right is not null)
            {
                variables["R"] = right;
            }

            rightOperand = "$R";
        }

        Assert.True(matches == (bool)Expression.Parse("$L =~ " + rightOperand).Evaluate(variables)!, id);
        Assert.True(!matches == (bool)Expression.Parse("$L !~ " + rightOperand).Evaluate(variables)!, id);
    }

    // RE2 semantics emulated on .NET (§1.5): "found anywhere", text anchors, ASCII classes, flags.
    public static TheoryData<string, string, bool> Re2Semantics => new()
    {
        { "a$", "a\n", false },
        { "(?m)a$", "a\nb", true },
        { "a$", "ba", true },
        { "^b", "a\nb", false },
        { "(?m)^b", "a\nb", true },
        { "a.b", "a\nb", false },
        { "(?s)a.b", "a\nb", true },
        { "abc", "xABCx", false },
        { "(?i)abc", "xABCx", true },
        { "(?i:a)b", "Ab", true },
        { "(?i:a)b", "AB", false },
        { @"^\d+$", "123", true },
        { @"^\d+$", "١٢٣", false },
        { @"^\w+$", "héllo", false },
        { @"^\w+$", "hello_1", true },
        { @"\bfoo\b", "a foo b", true },
        // #13: RE2's \b is ASCII (true here); the linear-time engine has no look-around to spell that, so .NET's Unicode
        // boundary answers — a known difference beside non-ASCII letters and digits only.
        { @"\bfoo\b", "éfooé", false },
        { @"\bfoo\b", "-foo-", true },
        { @"\Bfoo", "afoo", true },
        { @"^\s$", "\u00a0", false },
        { @"^\s$", "\t", true },
        { @"^[[:alpha:]]+$", "abcXYZ", true },
        { @"^[[:digit:]]+$", "12a", false },
        { @"^[^[:space:]]+$", "ab", true },
        { @"^[\d-]+$", "1-2", true },
        { @"^[]a]+$", "]a", true },
        { @"^\Qa.b\E$", "a.b", true },
        { @"^\Qa.b\E$", "axb", false },
        { @"^\x41\x{42}$", "AB", true },
        { @"^\101$", "A", true },
        { @"^(?P<name>ab)+$", "abab", true },
        { @"^(?<name>ab)+$", "abab", true },
        { @"^a{2,3}$", "aaa", true },
        { @"^a{2,3}$", "aaaa", false },
        { @"a{,3}", "a{,3}", true },
        { @"a{x}", "a{x}", true },
        { @"^\pL+$", "héllo", true },
        { @"^\p{Lu}+$", "ABC", true },
        { @"^\PL+$", "123", true },
        { @"^a.*?b", "aXbXb", true },
        { @"(?U)^a.*b$", "aXbXb", true },
        { @"\.", "a.b", true },
        { @"\.", "ab", false },
        { @"\/", "a/b", true },
        { @"\-", "a-b", true },
        { @"\_", "a_b", true },
        { "", "", true },
        { "x*", "", true },
        { "feature|fix", "hotfix-1", true },
        { "(ab)|(cd)", "xcdx", true },
        { @"\Aab\z", "ab", true },
        { @"\Aab\z", "ab\n", false },
        { "😀+", "😀😀", true },
    };

    [Theory]
    [MemberData(nameof(Re2Semantics))]
    public void Regex_matches_with_re2_semantics(string source, string text, bool matches)
    {
        Assert.True(UntrustedRegex.TryCreate(source, out var regex), source);
        Assert.Equal(matches, regex.IsMatch(text));
    }

    public static TheoryData<string> Re2Rejects => new()
    {
        "(?=a)",
        "(?!a)",
        "(?<=a)b",
        "(?<!a)b",
        "(?>a)",
        @"(a)\1",
        @"(?P<n>a)(?P=n)",
        @"(?<n>a)\k<n>",
        "a**",
        "a*+",
        "a++",
        "a?+",
        "a{2}{3}",
        "a{1001}",
        "a{2,1}",
        "*a",
        "a|*b",
        "(*)",
        "(",
        ")",
        "[a",
        "[z-a]",
        @"\Z",
        @"\C",
        @"\e",
        @"\y",
        @"\8",
        "a\\",
        "(?#comment)",
        "(?x)a b",
        "(?)",
        "(?i",
        @"[[:^alpha:]]",
        @"[[:nope:]]",
        @"\x{110000}",
        @"\xZZ",
    };

    [Theory]
    [MemberData(nameof(Re2Rejects))]
    public void Regex_re2_refuses_is_invalid(string source)
    {
        Assert.False(UntrustedRegex.TryCreate(source, out _));
    }

    [Fact]
    public void Regexes_are_equal_by_source()
    {
        Assert.True((bool)Expression.Parse("/ab/i == /ab/i").Evaluate(new Dictionary<string, string>())!);
        Assert.False((bool)Expression.Parse("/ab/i == /ab/").Evaluate(new Dictionary<string, string>())!);
    }

    private static Token? TryScan(string text)
    {
        try
        {
            return Lexer.ScanAt(text, 0);
        }
        catch (ExpressionSyntaxException)
        {
            return null;
        }
    }
}
