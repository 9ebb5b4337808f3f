namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// A parsed <c>rules:if</c> / <c>only:variables</c> expression (GitLab's <c>Gitlab::Ci::Pipeline::Expression::Statement</c>).
/// Parse once (configurations are cached by commit), evaluate many times. STUB: being implemented.
/// </summary>
internal sealed class Expression
{
    private Expression(string text) => Text = text;

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExpressionSyntaxException"/> for invalid syntax.</summary>
    public static Expression Parse(string text) => throw new NotImplementedException(text);

    /// <summary>GitLab's <c>truthful?</c>: the expression's value is truthy under <paramref name="variables"/> (absent key = null).</summary>
    public bool IsTruthful(IReadOnlyDictionary<string, string> variables) => throw new NotImplementedException(Text + variables.Count);
}

/// <summary>An expression that GitLab's lexer or parser rejects (configuration error "invalid expression syntax").</summary>
internal sealed class ExpressionSyntaxException(string message) : Exception(message);
