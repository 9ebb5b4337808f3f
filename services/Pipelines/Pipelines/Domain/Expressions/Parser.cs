namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// GitLab's <c>Expression::Parser</c>: shunting-yard to reverse Polish notation with the lexemes' integer
/// precedences ("pop while incoming ≥ top"), then a tree built from the RPN (reference §1.3). Every error GitLab raises
/// (unmatched parenthesis, missing operand, unreachable nodes, empty tree) becomes <see cref="ExpressionSyntaxException"/>.
/// </summary>
internal static class Parser
{
    public static Node Parse(IReadOnlyList<Token> tokens) => BuildTree(ToReversePolish(tokens));

    private static List<Token> ToReversePolish(IReadOnlyList<Token> tokens)
    {
        var output = new List<Token>();
        var stack = new Stack<Token>();
        foreach (var token in tokens)
        {
            if (token.IsValue)
            {
                output.Add(token);
            }
            else if (token.IsBinaryOperator)
            {
                while (stack.Count > 0 && token.Precedence >= stack.Peek().Precedence)
                {
                    output.Add(stack.Pop());
                }

                stack.Push(token);
            }
            else if (token.Kind is TokenKind.ParenthesisOpen or TokenKind.Not)
            {
                stack.Push(token);
            }
            else
            {
                while (stack.Count > 0 && token.Precedence >= stack.Peek().Precedence)
                {
                    output.Add(stack.Pop());
                }

                if (stack.Count == 0)
                {
                    throw new ExpressionSyntaxException("Unmatched parenthesis");
                }

                if (stack.Peek().Kind == TokenKind.ParenthesisOpen)
                {
                    stack.Pop();
                }
            }
        }

        output.AddRange(stack);
        return output;
    }

    private static Node BuildTree(List<Token> reversePolish)
    {
        var results = new Stack<Node>();
        foreach (var token in reversePolish)
        {
            if (token.IsValue)
            {
                results.Push(Value(token));
            }
            else if (token.IsBinaryOperator)
            {
                var right = Pop(results) ?? throw new ExpressionSyntaxException("Invalid right operand");
                var left = Pop(results) ?? throw new ExpressionSyntaxException("Invalid left operand");
                results.Push(new BinaryNode(Operator(token.Kind), left, right));
            }
            else if (token.Kind == TokenKind.Not)
            {
                var operand = Pop(results) ?? throw new ExpressionSyntaxException("Invalid operand");
                results.Push(new NotNode(operand));
            }
            else
            {
                throw new ExpressionSyntaxException("Unprocessable token found in parse tree: " + token.Kind);
            }
        }

        return results.Count switch
        {
            > 1 => throw new ExpressionSyntaxException("Unreachable nodes in parse tree"),
            < 1 => throw new ExpressionSyntaxException("Empty parse tree"),
            _ => results.Pop(),
        };
    }

    private static Node? Pop(Stack<Node> results) => results.Count > 0 ? results.Pop() : null;

    private static Node Value(Token token) => token.Kind switch
    {
        TokenKind.Variable => new VariableNode(token.Value),
        TokenKind.Input => new InputNode(token.Value),
        TokenKind.String => new StringNode(token.Value),
        TokenKind.Null => new NullNode(),
        TokenKind.Boolean => new BooleanNode(token.Value == "true"),
        // A pattern token always carries its compiled regex (the lexer rejects it otherwise).
        _ => new PatternNode(token.Text, token.Regex!),
    };

    private static BinaryOperator Operator(TokenKind kind) => kind switch
    {
        TokenKind.Equals => BinaryOperator.Equals,
        TokenKind.NotEquals => BinaryOperator.NotEquals,
        TokenKind.Matches => BinaryOperator.Matches,
        TokenKind.NotMatches => BinaryOperator.NotMatches,
        TokenKind.And => BinaryOperator.And,
        _ => BinaryOperator.Or,
    };
}
