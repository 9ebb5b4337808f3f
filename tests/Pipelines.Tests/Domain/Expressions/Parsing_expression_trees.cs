using WvsMesh.Pipelines.Domain.Expressions;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Expressions;

/// <summary>
/// Operator precedence and associativity (gitlab-ci.md §1.3, §7.4): <c>!</c> binds tightest, then the comparisons, then
/// <c>&amp;&amp;</c>, then <c>||</c>; every binary operator is left-associative.
/// </summary>
public sealed class Parsing_expression_trees
{
    public static TheoryData<string, string, string> CatalogueTrees => new()
    {
        { "P01", "$VAR1 == \"123\"", "equals($VAR1, \"123\")" },
        { "P02", "$VAR1 == \"123\" == $VAR2", "equals(equals($VAR1, \"123\"), $VAR2)" },
        { "P04", "\"some value\"", "\"some value\"" },
        { "P05", "null", "null" },
        { "P07", "$VAR1 && $VAR2 || $VAR3", "or(and($VAR1, $VAR2), $VAR3)" },
        { "P08", "$VAR1 && $VAR2 || $VAR3 && $VAR4", "or(and($VAR1, $VAR2), and($VAR3, $VAR4))" },
        { "P10", "$VAR1 == \"a\" || $VAR2 == \"b\" && $VAR3 == \"c\" || $VAR4 == \"d\" && $VAR5 == \"e\"", "or(or(equals($VAR1, \"a\"), and(equals($VAR2, \"b\"), equals($VAR3, \"c\"))), and(equals($VAR4, \"d\"), equals($VAR5, \"e\")))" },
        { "P11", "(($VAR1 == \"a\" || $VAR2 == \"b\") && $VAR3 == \"c\" || $VAR4 == \"d\") && $VAR5 == \"e\"", "and(or(and(or(equals($VAR1, \"a\"), equals($VAR2, \"b\")), equals($VAR3, \"c\")), equals($VAR4, \"d\")), equals($VAR5, \"e\"))" },
    };

    [Theory]
    [MemberData(nameof(CatalogueTrees))]
    public void Catalogue_expression_parses_to_gitlabs_tree(string id, string expression, string tree)
    {
        Assert.True(tree == Expression.Parse(expression).Tree.Inspect(), id);
    }

    public static TheoryData<string, string> PrecedenceTrees => new()
    {
        { "$A", "$A" },
        { "$A =~ /x.*/", "matches($A, /x.*/)" },
        { "$A !~ /x.*/i", "not_matches($A, /x.*/i)" },
        { "$A != null", "not_equals($A, null)" },
        { "$A == \"1\" != $B", "not_equals(equals($A, \"1\"), $B)" },
        { "$A =~ /ab/ == true", "equals(matches($A, /ab/), true)" },
        // GitLab's shunting-yard also accepts a trailing "!" as the negation of what precedes it.
        { "$A !", "not($A)" },
        { "$A || $B || $C", "or(or($A, $B), $C)" },
        { "$A && $B && $C", "and(and($A, $B), $C)" },
        { "$A || $B && $C", "or($A, and($B, $C))" },
        { "($A || $B) && $C", "and(or($A, $B), $C)" },
        { "$A == ($B)", "equals($A, $B)" },
        { "$A == ($B == $C)", "equals($A, equals($B, $C))" },
        { "$A && $B == \"x\"", "and($A, equals($B, \"x\"))" },
        { "!$A", "not($A)" },
        { "!!$A", "not(not($A))" },
        { "!$A == \"bar\"", "equals(not($A), \"bar\")" },
        { "!($A == \"bar\")", "not(equals($A, \"bar\"))" },
        { "$A == !$B", "equals($A, not($B))" },
        { "!$A && !$B", "and(not($A), not($B))" },
        { "!$A || $B && $C", "or(not($A), and($B, $C))" },
        { "'single'", "\"single\"" },
        { "$[[ inputs.env ]] == \"prod\"", "equals($[[ inputs.env ]], \"prod\")" },
        { "((($A)))", "$A" },
    };

    [Theory]
    [MemberData(nameof(PrecedenceTrees))]
    public void Operators_bind_with_gitlabs_precedence(string expression, string tree)
    {
        Assert.Equal(tree, Expression.Parse(expression).Tree.Inspect());
    }
}
