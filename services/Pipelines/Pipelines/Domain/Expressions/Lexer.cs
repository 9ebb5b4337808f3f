using System.Text.RegularExpressions;

namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// GitLab's <c>Expression::Lexer</c>: skip whitespace, take the first lexeme (in table order) matching at the cursor,
/// at most <see cref="MaxTokens"/> iterations (reference §1.2). Ruby's <c>\s</c> and <c>\w</c> are ASCII, and Ruby's
/// <c>.</c> does not match a newline, hence the explicit classes below.
/// </summary>
internal static class Lexer
{
    public const int MaxTokens = 100;

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private static readonly Regex Whitespace = new(@"\G[ \t\r\n\f\v]+", Options);

    private static readonly (TokenKind Kind, Regex Pattern)[] Lexemes =
    [
        (TokenKind.ParenthesisOpen, new Regex(@"\G\(", Options)),
        (TokenKind.ParenthesisClose, new Regex(@"\G\)", Options)),
        (TokenKind.Input, new Regex(@"\G\$\[\[[ \t\r\n\f\v]*inputs\.(?<value>[A-Za-z0-9_-]+)[ \t\r\n\f\v]*\]\]", Options)),
        (TokenKind.Variable, new Regex(@"\G\$(?<value>[A-Za-z0-9_]+)", Options)),
        (TokenKind.String, new Regex("\\G(?:\"(?<value>[^\\n]*?)\"|'(?<value>[^\\n]*?)')", Options)),
        // The regex literal is "eager": it stops at the first unescaped slash and needs two characters between them.
        (TokenKind.Pattern, new Regex(@"\G/(?:[^/]|\\/)+[^\\]/[ismU]*", Options)),
        (TokenKind.Null, new Regex(@"\Gnull", Options)),
        (TokenKind.Boolean, new Regex(@"\G(?<![A-Za-z0-9_])(?:true|false)(?![A-Za-z0-9_])", Options)),
        (TokenKind.Equals, new Regex(@"\G==", Options)),
        (TokenKind.Matches, new Regex(@"\G=~", Options)),
        (TokenKind.NotEquals, new Regex(@"\G!=", Options)),
        (TokenKind.NotMatches, new Regex(@"\G!~", Options)),
        (TokenKind.And, new Regex(@"\G&&", Options)),
        (TokenKind.Or, new Regex(@"\G\|\|", Options)),
        (TokenKind.Not, new Regex(@"\G!", Options)),
    ];

    /// <summary>Scans <paramref name="text"/>; throws <see cref="ExpressionSyntaxException"/> on an unknown lexeme.</summary>
    public static IReadOnlyList<Token> Tokenize(string text, int maxTokens = MaxTokens)
    {
        var tokens = new List<Token>();
        var position = 0;
        for (var iteration = 0; iteration < maxTokens; iteration++)
        {
            var space = Whitespace.Match(text, position);
            if (space.Success)
            {
                position += space.Length;
            }

            if (position == text.Length)
            {
                return tokens;
            }

            var token = ScanAt(text, position);
            tokens.Add(token);
            position += token.Text.Length;
        }

        throw new ExpressionSyntaxException("Too many tokens!");
    }

    /// <summary>The first lexeme matching at <paramref name="position"/>; throws on an unknown lexeme.</summary>
    public static Token ScanAt(string text, int position)
    {
        foreach (var (kind, pattern) in Lexemes)
        {
            var match = pattern.Match(text, position);
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups["value"].Success ? match.Groups["value"].Value : match.Value;
            if (kind != TokenKind.Pattern)
            {
                return new Token(kind, match.Value, value);
            }

            var regex = UntrustedRegex.FromPatternText(match.Value)
                ?? throw new ExpressionSyntaxException("Invalid regular expression!");
            return new Token(kind, match.Value, value, regex);
        }

        throw new ExpressionSyntaxException("Unknown lexeme found!");
    }
}
