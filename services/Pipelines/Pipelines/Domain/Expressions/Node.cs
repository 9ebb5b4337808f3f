namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// A node of the parse tree. <see cref="Inspect"/> renders GitLab's lexeme <c>inspect</c> form
/// (<c>equals($VAR1, "123")</c>), which the parser spec uses to pin precedence and associativity.
/// </summary>
internal abstract record Node
{
    public abstract string Inspect();
}

internal sealed record VariableNode(string Name) : Node
{
    public override string Inspect() => "$" + Name;
}

internal sealed record InputNode(string Name) : Node
{
    public override string Inspect() => $"$[[ inputs.{Name} ]]";
}

internal sealed record StringNode(string Value) : Node
{
    public override string Inspect() => "\"" + Value + "\"";
}

internal sealed record NullNode : Node
{
    public override string Inspect() => "null";
}

internal sealed record BooleanNode(bool Value) : Node
{
    public override string Inspect() => Value ? "true" : "false";
}

internal sealed record PatternNode(string Text, UntrustedRegex Regex) : Node
{
    public override string Inspect() => Text;
}

internal enum BinaryOperator
{
    Equals,
    NotEquals,
    Matches,
    NotMatches,
    And,
    Or,
}

internal sealed record BinaryNode(BinaryOperator Operator, Node Left, Node Right) : Node
{
    public override string Inspect() => $"{Name}({Left.Inspect()}, {Right.Inspect()})";

    private string Name => Operator switch
    {
        BinaryOperator.Equals => "equals",
        BinaryOperator.NotEquals => "not_equals",
        BinaryOperator.Matches => "matches",
        BinaryOperator.NotMatches => "not_matches",
        BinaryOperator.And => "and",
        _ => "or",
    };
}

internal sealed record NotNode(Node Operand) : Node
{
    public override string Inspect() => $"not({Operand.Inspect()})";
}
