using WvsMesh.Pipelines.Domain.Expressions;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Expressions;

/// <summary>The lexer (gitlab-ci.md §1.2, §7.6, §7.9): ordered lexemes, whitespace skipped, literal strings.</summary>
public sealed class Tokenizing_expressions
{
    public static TheoryData<string, string, string[]> CatalogueTokens => new()
    {
        { "L02", "$EMPTY_VARIABLE == \"\" && $PRESENT_VARIABLE", ["$EMPTY_VARIABLE", "==", "\"\"", "&&", "$PRESENT_VARIABLE"] },
        { "L03", "$EMPTY_VARIABLE == \"\" && $PRESENT_VARIABLE != \"nope\"", ["$EMPTY_VARIABLE", "==", "\"\"", "&&", "$PRESENT_VARIABLE", "!=", "\"nope\""] },
        { "L05", "$PRESENT_VARIABLE =~ /my var/ || $EMPTY_VARIABLE =~ /nope/", ["$PRESENT_VARIABLE", "=~", "/my var/", "||", "$EMPTY_VARIABLE", "=~", "/nope/"] },
        { "L06", "$EMPTY_VARIABLE == \"\" || $PRESENT_VARIABLE", ["$EMPTY_VARIABLE", "==", "\"\"", "||", "$PRESENT_VARIABLE"] },
        { "L08", "$PRESENT_VARIABLE || $EMPTY_VARIABLE", ["$PRESENT_VARIABLE", "||", "$EMPTY_VARIABLE"] },
        { "L09", "$PRESENT_VARIABLE && null || $EMPTY_VARIABLE == \"\"", ["$PRESENT_VARIABLE", "&&", "null", "||", "$EMPTY_VARIABLE", "==", "\"\""] },
        { "L11", "$PRESENT_VARIABLE =~ /my var/ || ($EMPTY_VARIABLE =~ /nope/)", ["$PRESENT_VARIABLE", "=~", "/my var/", "||", "(", "$EMPTY_VARIABLE", "=~", "/nope/", ")"] },
        { "L12", "($PRESENT_VARIABLE && (null || $EMPTY_VARIABLE == \"\"))", ["(", "$PRESENT_VARIABLE", "&&", "(", "null", "||", "$EMPTY_VARIABLE", "==", "\"\"", ")", ")"] },
        { "L14", "$VARIABLE == \"text\"", ["$VARIABLE", "==", "\"text\""] },
        { "L15", "\t$VARIABLE ", ["$VARIABLE"] },
        { "derived", "!$A!=$B!~/x./", ["!", "$A", "!=", "$B", "!~", "/x./"] },
        { "derived", "$A==\"x\"&&$B||null", ["$A", "==", "\"x\"", "&&", "$B", "||", "null"] },
        { "derived", "true false", ["true", "false"] },
        { "derived", "$[[ inputs.my-input ]]", ["$[[ inputs.my-input ]]"] },
        { "derived", "$A =~ /a\\/b/i", ["$A", "=~", "/a\\/b/i"] },
        { "derived", "\r\n\f\v$A", ["$A"] },
    };

    [Theory]
    [MemberData(nameof(CatalogueTokens))]
    public void Expression_scans_to_gitlabs_tokens(string id, string expression, string[] tokens)
    {
        Assert.True(tokens.SequenceEqual(Lexer.Tokenize(expression).Select(t => t.Text)), id);
    }

    public static TheoryData<string, string, string> StringLiterals => new()
    {
        { "S01", "\"some string\"", "some string" },
        { "S02", "'some string 2'", "some string 2" },
        { "S04", "'some string' 'and another one'", "some string" },
        { "S05", "\"some ' string\"", "some ' string" },
        { "S07", "''", "" },
        { "S08", "\"\"", "" },
        { "derived", "'$VAR'", "$VAR" },
        { "derived", "\"a \\\" b\"", "a \\" },
        { "derived", "'it''s'", "it" },
    };

    [Theory]
    [MemberData(nameof(StringLiterals))]
    public void String_literal_is_taken_verbatim(string id, string text, string value)
    {
        var first = Lexer.ScanAt(text, 0);

        Assert.True(first.Kind == TokenKind.String, id);
        Assert.Equal(value, first.Value);
    }

    public static TheoryData<string, string> Kinds => new()
    {
        { "(", nameof(TokenKind.ParenthesisOpen) },
        { ")", nameof(TokenKind.ParenthesisClose) },
        { "$[[inputs.x]]", nameof(TokenKind.Input) },
        { "$VAR_1", nameof(TokenKind.Variable) },
        { "\"s\"", nameof(TokenKind.String) },
        { "'s'", nameof(TokenKind.String) },
        { "/ab/", nameof(TokenKind.Pattern) },
        { "null", nameof(TokenKind.Null) },
        { "true", nameof(TokenKind.Boolean) },
        { "false", nameof(TokenKind.Boolean) },
        { "==", nameof(TokenKind.Equals) },
        { "=~", nameof(TokenKind.Matches) },
        { "!=", nameof(TokenKind.NotEquals) },
        { "!~", nameof(TokenKind.NotMatches) },
        { "&&", nameof(TokenKind.And) },
        { "||", nameof(TokenKind.Or) },
        { "!", nameof(TokenKind.Not) },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Lexeme_is_recognised(string text, string kind)
    {
        Assert.Equal(kind, Assert.Single(Lexer.Tokenize(text)).Kind.ToString());
    }
}
