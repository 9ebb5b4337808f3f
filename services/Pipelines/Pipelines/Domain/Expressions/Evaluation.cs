namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// Evaluates a parse tree against raw (unexpanded) variables, node by node as reference §1.4 describes. The result is
/// Ruby-like: <c>null</c>, <see cref="string"/>, <see cref="bool"/> or <see cref="UntrustedRegex"/>.
/// </summary>
internal static class Evaluation
{
    public static object? Evaluate(Node node, IReadOnlyDictionary<string, string> variables) => node switch
    {
        VariableNode v => variables.TryGetValue(v.Name, out var value) ? value : null,
        // Job inputs ($[[ inputs.x ]]) are not part of WvsMesh's configuration: they evaluate to nil.
        InputNode => null,
        StringNode s => s.Value,
        NullNode => null,
        BooleanNode b => b.Value,
        PatternNode p => p.Regex,
        NotNode n => !RubyValue.IsPresent(Evaluate(n.Operand, variables)),
        BinaryNode b => Binary(b, variables),
        _ => throw new ExpressionRuntimeException("Unknown node " + node.GetType().Name),
    };

    private static object? Binary(BinaryNode node, IReadOnlyDictionary<string, string> variables)
    {
        switch (node.Operator)
        {
            case BinaryOperator.And:
                {
                    var left = Evaluate(node.Left, variables);
                    return RubyValue.IsTruthy(left) ? Evaluate(node.Right, variables) : left;
                }
            case BinaryOperator.Or:
                {
                    var left = Evaluate(node.Left, variables);
                    return RubyValue.IsTruthy(left) ? left : Evaluate(node.Right, variables);
                }
            case BinaryOperator.Equals:
                return RubyValue.AreEqual(Evaluate(node.Left, variables), Evaluate(node.Right, variables));
            case BinaryOperator.NotEquals:
                return !RubyValue.AreEqual(Evaluate(node.Left, variables), Evaluate(node.Right, variables));
            case BinaryOperator.Matches:
                {
                    var text = RubyValue.ToText(Evaluate(node.Left, variables));
                    var pattern = Evaluate(node.Right, variables);
                    return RubyValue.IsTruthy(pattern) && Found(pattern, text);
                }
            default:
                {
                    var text = RubyValue.ToText(Evaluate(node.Left, variables));
                    var pattern = Evaluate(node.Right, variables);
                    return !RubyValue.IsTruthy(pattern) || !Found(pattern, text);
                }
        }
    }

    // A string right side holding "/re/flags" that compiles is a regex (15.1+); any other string is searched for the
    // left text — "23" =~ "1234" is true (job_rules.md, "Unexpected behavior from regular expression matching").
    private static bool Found(object? pattern, string text) => pattern switch
    {
        UntrustedRegex regex => regex.IsMatch(text),
        string s => UntrustedRegex.FromPatternText(s) is { } regex
            ? regex.IsMatch(text)
            : s.Contains(text, StringComparison.Ordinal),
        _ => throw new ExpressionRuntimeException("The right side of a match must be a regex or a string"),
    };
}
