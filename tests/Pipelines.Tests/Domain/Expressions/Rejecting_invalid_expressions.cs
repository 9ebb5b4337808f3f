using WvsMesh.Pipelines.Domain.Expressions;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Expressions;

/// <summary>
/// Expressions GitLab's lexer or parser rejects (gitlab-ci.md §7.5, §7.12, §7.16): a syntax error at parse time (the
/// configuration error "invalid expression syntax"), and never truthful.
/// </summary>
public sealed class Rejecting_invalid_expressions
{
    public static TheoryData<string, string> CatalogueInvalid => new()
    {
        { "X02", "$VAR \"text\"" },
        { "X03", "== \"123\"" },
        { "X05", "$VAR == (" },
        { "X06", "$VAR2 == (\"aa\"" },
        { "X08", "$VAR2 == \"aa\")" },
        { "X09", "(($VAR2 == \"aa\")" },
        { "X11", "12345" },
        { "X12", "$V1 123 $V2" },
        { "X14", "$MY_VAR == 123" },
        { "X15", "$MY_VAR =~ /some ( thing/" },
        { "X17", "$INVALID = 1" },
        { "X18", "$VAR =~ /./" },
        // CV04, CV05, CV07 (rules:if) and OP13, OP15 (only:variables) use the same validator.
        { "CV04", "$MY_VAR ==" },
        { "CV05", "$MY_VAR == 123" },
        { "CV07", "$CI_COMMIT_REF =~ /^(?!master).+/" },
        { "OP13", "$MY_VAR ==" },
        { "OP15", "$MY_VAR =~ /some ( thing/" },
        { "R08", "$VAR =! null" },
    };

    [Theory]
    [MemberData(nameof(CatalogueInvalid))]
    public void Catalogue_expression_is_a_syntax_error(string id, string expression)
    {
        Assert.Throws<ExpressionSyntaxException>(() => Expression.Parse(expression));
        Assert.False(Expression.TryParse(expression, out _), id);
    }

    public static TheoryData<string> DerivedInvalid => new()
    {
        "",
        "   ",
        "\t\n",
        "${VAR}",
        "$VAR-NAME",
        "$",
        "NULL",
        "Null",
        "nullx",
        "$A = \"x\"",
        "$A === \"x\"",
        "$A & $B",
        "$A | $B",
        "$A && ",
        "|| $A",
        "$A ==",
        "!",
        "()",
        "($A",
        "$A)",
        ")(",
        "$A $B",
        "\"unterminated",
        "'unterminated",
        "\"a\nb\"",
        "$A =~ //",
        "$A =~ /a/x",
        "$A =~ /a/g",
        "$A =~ /some .* / pattern/",
        "$A =~ /(?=x)ab/",
        "$A =~ /(?<=x)ab/",
        "$A =~ /(?<!x)ab/",
        "$A =~ /(a)\\1/",
        "$A =~ /(?>ab)c/",
        "$A =~ /ab*+/",
        "$A =~ /ab**/",
        "$A =~ /a{1001}/",
        "$A =~ /a{2,1}/",
        "$A =~ /*ab/",
        "$A =~ /ab\\Z/",
        "$A =~ /ab\\C/",
        "$A =~ /a\\qb/",
        "$A =~ /[ab/",
        "$A =~ /(ab/",
        "$A =~ /ab)/",
        "$A =~ /(?P=n)ab/",
        "$A =~ true",
        "truex",
        "$A == 1.0",
        "{ $A }",
        "$A == \"x\" # comment",
        "\u00e9",
    };

    [Theory]
    [MemberData(nameof(DerivedInvalid))]
    public void Malformed_expression_is_a_syntax_error(string expression)
    {
        Assert.Throws<ExpressionSyntaxException>(() => Expression.Parse(expression));
    }

    public static TheoryData<string, string> CatalogueValid => new()
    {
        { "X23", "$VAR == null" },
        { "X24", "\"some value\"" },
        { "CV02", "$THIS || $THAT" },
    };

    [Theory]
    [MemberData(nameof(CatalogueValid))]
    public void Catalogue_expression_is_valid(string id, string expression)
    {
        Assert.True(Expression.TryParse(expression, out _), id);
    }

    [Fact]
    public void More_tokens_than_the_limit_is_a_syntax_error()
    {
        // X20: Lexer.new(expr, max_tokens: 3).
        Assert.Throws<ExpressionSyntaxException>(() => Expression.ParseWithMaxTokens("$V1 $V2 $V3 $V4", 3));
        Assert.Throws<ExpressionSyntaxException>(() => Lexer.Tokenize(string.Join(" ", Enumerable.Repeat("$A", 100))));
        Assert.Equal(99, Lexer.Tokenize(string.Join(" ", Enumerable.Repeat("$A", 99)) + " ").Count);
        Assert.NotNull(Expression.Parse(string.Join(" || ", Enumerable.Repeat("$A", 50))));
        Assert.Throws<ExpressionSyntaxException>(() => Expression.Parse(string.Join(" || ", Enumerable.Repeat("$A", 51))));
    }
}
