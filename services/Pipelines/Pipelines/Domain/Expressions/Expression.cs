using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// A parsed <c>rules:if</c> / <c>only:variables</c> expression (GitLab's <c>Gitlab::Ci::Pipeline::Expression::Statement</c>).
/// Parse once (configurations are cached by commit), evaluate many times.
/// </summary>
internal sealed class Expression
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = FrozenDictionary<string, string>.Empty;

    private Expression(string text, Node tree)
    {
        Text = text;
        Tree = tree;
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>The parse tree (see <see cref="Node.Inspect"/>).</summary>
    public Node Tree { get; }

    /// <summary>
    /// Parses <paramref name="text"/>; throws <see cref="ExpressionSyntaxException"/> for invalid syntax. Like GitLab's
    /// <c>valid?</c>, the expression is also evaluated once with no variables, so an expression that could only fail at
    /// evaluation (a boolean on the right of <c>=~</c>) is rejected here.
    /// </summary>
    public static Expression Parse(string text) => ParseWithMaxTokens(text, Lexer.MaxTokens);

    /// <summary><see cref="Parse(string)"/> with GitLab's <c>max_tokens</c> lexer option.</summary>
    public static Expression ParseWithMaxTokens(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Lexer.Tokenize(text, maxTokens);
        if (tokens.Count == 0)
        {
            throw new ExpressionSyntaxException("Empty statement");
        }

        var expression = new Expression(text, Parser.Parse(tokens));
        try
        {
            expression.Evaluate(NoVariables);
        }
        catch (ExpressionRuntimeException e)
        {
            throw new ExpressionSyntaxException(e.Message);
        }

        return expression;
    }

    /// <summary>Parses <paramref name="text"/> or returns false (a rule whose <c>if</c> is invalid never matches).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Expression? expression)
    {
        // Expressions are immutable and a configuration repeats the same few many times (a 1,000-job file, every trigger of
        // a commit): parse each text once.
        expression = ParsedTexts.GetOrAdd(text, static text =>
        {
            try
            {
                return Parse(text);
            }
            catch (ExpressionSyntaxException)
            {
                return null;
            }
        });
        return expression is not null;
    }

    private static readonly BoundedCache<Expression?> ParsedTexts = new(10_000);

    /// <summary>
    /// GitLab's <c>evaluate</c>: <c>null</c>, a <see cref="string"/>, a <see cref="bool"/> or an <see cref="UntrustedRegex"/>.
    /// Throws <see cref="ExpressionRuntimeException"/> when GitLab would raise at run time.
    /// </summary>
    public object? Evaluate(IReadOnlyDictionary<string, string> variables) => Evaluation.Evaluate(Tree, variables);

    /// <summary>GitLab's <c>truthful?</c>: the expression's value is truthy under <paramref name="variables"/> (absent key = null).</summary>
    public bool IsTruthful(IReadOnlyDictionary<string, string> variables)
    {
        try
        {
            return RubyValue.IsPresent(Evaluate(variables));
        }
        catch (ExpressionRuntimeException)
        {
            return false;
        }
    }

    public override string ToString() => Text;
}

/// <summary>An expression that GitLab's lexer or parser rejects (configuration error "invalid expression syntax").</summary>
internal sealed class ExpressionSyntaxException(string message) : Exception(message);
