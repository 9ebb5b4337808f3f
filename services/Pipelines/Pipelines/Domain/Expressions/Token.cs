namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>The lexemes of GitLab's expression lexer, in the order it tries them (reference §1.2).</summary>
internal enum TokenKind
{
    ParenthesisOpen,
    ParenthesisClose,
    Input,
    Variable,
    String,
    Pattern,
    Null,
    Boolean,
    Equals,
    Matches,
    NotEquals,
    NotMatches,
    And,
    Or,
    Not,
}

/// <summary>
/// One scanned lexeme: <see cref="Text"/> is the matched source, <see cref="Value"/> the variable/input name, string
/// contents or pattern text; <see cref="Regex"/> is the compiled regex of a pattern literal.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, string Value, UntrustedRegex? Regex = null)
{
    public bool IsValue => Kind is TokenKind.Input or TokenKind.Variable or TokenKind.String or TokenKind.Pattern
        or TokenKind.Null or TokenKind.Boolean;

    public bool IsBinaryOperator => Kind is TokenKind.Equals or TokenKind.Matches or TokenKind.NotEquals
        or TokenKind.NotMatches or TokenKind.And or TokenKind.Or;

    /// <summary>GitLab's <c>self.precedence</c> per lexeme: a lower number binds tighter.</summary>
    public int Precedence => Kind switch
    {
        TokenKind.ParenthesisOpen => 901,
        TokenKind.ParenthesisClose => 900,
        TokenKind.Not => 1,
        TokenKind.Equals or TokenKind.Matches or TokenKind.NotEquals or TokenKind.NotMatches => 10,
        TokenKind.And => 11,
        TokenKind.Or => 12,
        _ => 0,
    };
}
