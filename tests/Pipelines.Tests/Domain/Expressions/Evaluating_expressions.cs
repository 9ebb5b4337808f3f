using WvsMesh.Pipelines.Domain.Expressions;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Expressions;

/// <summary>
/// <c>Statement#evaluate</c> and <c>#truthful?</c> (gitlab-ci.md §7.1–7.3): the raw value of an expression and whether
/// <c>rules:if</c> holds. Values are rendered <c>nil</c>, <c>true</c>, <c>false</c> or <c>'text'</c>.
/// </summary>
public sealed class Evaluating_expressions
{
    // V1 of the catalogue; UNDEFINED_VARIABLE is absent.
    private static readonly Dictionary<string, string> V1 = new(StringComparer.Ordinal)
    {
        ["PRESENT_VARIABLE"] = "my variable",
        ["PATH_VARIABLE"] = "a/path/variable/value",
        ["FULL_PATH_VARIABLE"] = "/a/full/path/variable/value",
        ["EMPTY_VARIABLE"] = "",
    };

    public static TheoryData<string, string, string, bool> StatementCases => new()
    {
        { "E001", "$PRESENT_VARIABLE == \"my variable\"", "true", true },
        { "E002", "\"my variable\" == $PRESENT_VARIABLE", "true", true },
        { "E004", "$EMPTY_VARIABLE == null", "false", false },
        { "E005", "\"\" == $EMPTY_VARIABLE", "true", true },
        { "E007", "$UNDEFINED_VARIABLE == null", "true", true },
        { "E008", "null == $UNDEFINED_VARIABLE", "true", true },
        { "E010", "$UNDEFINED_VARIABLE", "nil", false },
        { "E011", "$PRESENT_VARIABLE =~ /var.*e$/", "true", true },
        { "E013", "$PRESENT_VARIABLE =~ /va\\/r.*e$/", "false", false },
        { "E014", "$PRESENT_VARIABLE =~ /^var.*/", "false", false },
        { "E016", "$UNDEFINED_VARIABLE =~ /var.*/", "false", false },
        { "E017", "$PRESENT_VARIABLE =~ /VAR.*/i", "true", true },
        { "E019", "$FULL_PATH_VARIABLE =~ /^\\/a\\/full\\/path\\/variable\\/value$/", "true", true },
        { "E020", "$FULL_PATH_VARIABLE =~ /\\/path\\/variable\\/value$/", "true", true },
        { "E022", "\"my variable\" != $PRESENT_VARIABLE", "false", false },
        { "E023", "$PRESENT_VARIABLE != null", "true", true },
        { "E025", "\"\" != $EMPTY_VARIABLE", "false", false },
        { "E026", "$UNDEFINED_VARIABLE != null", "false", false },
        { "E028", "$PRESENT_VARIABLE !~ /var.*e$/", "false", false },
        { "E029", "$PRESENT_VARIABLE !~ /^var.*/", "true", true },
        { "E031", "$PRESENT_VARIABLE !~ /^v\\/ar.*/", "true", true },
        { "E032", "$EMPTY_VARIABLE !~ /var.*/", "true", true },
        { "E034", "$PRESENT_VARIABLE !~ /VAR.*/i", "false", false },
        { "E035", "$PRESENT_VARIABLE && \"string\"", "'string'", true },
        { "E037", "$PRESENT_VARIABLE && $EMPTY_VARIABLE", "''", false },
        { "E038", "$PRESENT_VARIABLE && null", "nil", false },
        { "E040", "$EMPTY_VARIABLE && $PRESENT_VARIABLE", "'my variable'", true },
        { "E041", "null && $PRESENT_VARIABLE", "nil", false },
        { "E043", "$EMPTY_VARIABLE && $EMPTY_VARIABLE", "''", false },
        { "E044", "\"string\" && $EMPTY_VARIABLE", "''", false },
        { "E046", "null && \"string\"", "nil", false },
        { "E047", "\"string\" && \"string\"", "'string'", true },
        { "E049", "$PRESENT_VARIABLE =~ /my var/ && $EMPTY_VARIABLE =~ /nope/", "false", false },
        { "E050", "$EMPTY_VARIABLE == \"\" && $PRESENT_VARIABLE", "'my variable'", true },
        { "E052", "$PRESENT_VARIABLE && $UNDEFINED_VARIABLE", "nil", false },
        { "E053", "$UNDEFINED_VARIABLE && $EMPTY_VARIABLE", "nil", false },
        { "E055", "$FULL_PATH_VARIABLE =~ /^\\/a\\/full\\/path\\/variable\\/value$/ && $PATH_VARIABLE =~ /path\\/variable/", "true", true },
        { "E056", "$FULL_PATH_VARIABLE =~ /^\\/a\\/bad\\/path\\/variable\\/value$/ && $PATH_VARIABLE =~ /path\\/variable/", "false", false },
        { "E058", "$FULL_PATH_VARIABLE =~ /^\\/a\\/bad\\/path\\/variable\\/value$/ && $PATH_VARIABLE =~ /bad\\/path\\/variable/", "false", false },
        { "E059", "$FULL_PATH_VARIABLE =~ /^\\/a\\/full\\/path\\/variable\\/value$/ || $PATH_VARIABLE =~ /path\\/variable/", "true", true },
        { "E061", "$FULL_PATH_VARIABLE =~ /^\\/a\\/full\\/path\\/variable\\/value$/ || $PATH_VARIABLE =~ /bad\\/path\\/variable/", "true", true },
        { "E062", "$FULL_PATH_VARIABLE =~ /^\\/a\\/bad\\/path\\/variable\\/value$/ || $PATH_VARIABLE =~ /bad\\/path\\/variable/", "false", false },
        { "E064", "$EMPTY_VARIABLE == \"\" || $PRESENT_VARIABLE", "true", true },
        { "E065", "$PRESENT_VARIABLE != \"nope\" || $EMPTY_VARIABLE == \"\"", "true", true },
        { "E067", "$PRESENT_VARIABLE || $UNDEFINED_VARIABLE", "'my variable'", true },
        { "E068", "$UNDEFINED_VARIABLE || $PRESENT_VARIABLE", "'my variable'", true },
        { "E070", "$PRESENT_VARIABLE || $UNDEFINED_VARIABLE == null", "'my variable'", true },
        { "E071", "($PRESENT_VARIABLE)", "'my variable'", true },
        { "E073", "(($PRESENT_VARIABLE && null) || $EMPTY_VARIABLE == \"\")", "true", true },
        { "E074", "($PRESENT_VARIABLE) && (null || $EMPTY_VARIABLE == \"\")", "true", true },
        { "E076", "(null || (\"test\" == \"string\"))", "false", false },
        { "E077", "(\"string\" == (\"test\" && \"string\"))", "true", true },
        { "E079", "(\"string\" == \"test\" || \"string\")", "'string'", true },
        { "E080", "(\"string\" == (\"string\" || ((\"1\" == \"1\") && (\"2\" == \"3\"))))", "true", true },
    };

    [Theory]
    [MemberData(nameof(StatementCases))]
    public void Statement_evaluates_to_gitlabs_value(string id, string expression, string value, bool truthful)
    {
        var parsed = Expression.Parse(expression);

        Assert.Equal(value, Describe(parsed.Evaluate(V1)));
        Assert.True(truthful == parsed.IsTruthful(V1), id);
    }

    public static TheoryData<string, string, bool> TruthfulCases => new()
    {
        { "T01", "$PRESENT_VARIABLE == \"my variable\"", true },
        { "T02", "$PRESENT_VARIABLE == 'no match'", false },
        { "T04", "$PRESENT_VARIABLE", true },
        { "T05", "$UNDEFINED_VARIABLE", false },
        { "T07", "$INVALID = 1", false },
        { "T08", "$PRESENT_VARIABLE =~ /var.*/", true },
        { "T10", "$PRESENT_VARIABLE !~ /var.*/", false },
        { "T11", "$UNDEFINED_VARIABLE !~ /var.*/", true },
    };

    [Theory]
    [MemberData(nameof(TruthfulCases))]
    public void Truthful_is_the_value_being_present(string id, string expression, bool truthful)
    {
        Assert.True(truthful == IsTruthful(expression, V1), id);
    }

    public static TheoryData<string, string, bool> DocumentedCases => new()
    {
        { "D01", "\"23\" =~ \"1234\"", true },
        { "D02", "\"23\" =~ /1234/", false },
        { "D04", "$teststring =~ $pattern", false },
        { "D05", "$CI_JOB_NAME =~ /$string1/", false },
        { "IF01", "\"value\" == \"value\"", true },
        { "IF02", "\"value\" == \"other\"", false },
        { "IF04", "\"abcde\" =~ /^af.*/", false },
        { "IF05", "$teststring =~ $pattern", true },
    };

    private static readonly Dictionary<string, Dictionary<string, string>> DocumentedVariables = new()
    {
        ["D04"] = new() { ["teststring"] = "fghij", ["pattern"] = "/^ab.*/" },
        ["D05"] = new() { ["CI_JOB_NAME"] = "regex-job1", ["string1"] = "regex-job1" },
        ["IF05"] = new() { ["teststring"] = "abcde", ["pattern"] = "/^ab.*/" },
    };

    [Theory]
    [MemberData(nameof(DocumentedCases))]
    public void Documented_behaviour_holds(string id, string expression, bool truthful)
    {
        var variables = DocumentedVariables.GetValueOrDefault(id) ?? [];

        Assert.True(truthful == IsTruthful(expression, variables), id);
    }

    // Derived from reference §1.4 (consequences) and §8 (newest behaviour: booleans, !, coercion).
    public static TheoryData<string, string, string> DerivedCases => new()
    {
        { "$EMPTY || $PRESENT", "EMPTY=;PRESENT=x", "''" },
        { "$EMPTY && $PRESENT", "EMPTY=;PRESENT=x", "'x'" },
        { "$FALSE_TEXT", "FALSE_TEXT=false", "'false'" },
        { "$BLANK", "BLANK=   ", "'   '" },
        { "$UNDEFINED == null", "", "true" },
        { "$EMPTY == null", "EMPTY=", "false" },
        { "$EMPTY == \"\"", "EMPTY=", "true" },
        { "$UNDEFINED == \"\"", "", "false" },
        { "$UNDEFINED =~ /^$/", "", "true" },
        { "$UNDEFINED =~ \"abc\"", "", "true" },
        { "$EMPTY !~ \"abc\"", "EMPTY=", "false" },
        { "$A == \"$B\"", "A=$B;B=x", "true" },
        { "$A == \"x\"", "A=$B;B=x", "false" },
        { "$A == $B", "A=x;B=x", "true" },
        { "\"x\" == $A", "A=x", "true" },
        { "$a =~ $b", "a=abc;b=/B/i", "true" },
        { "$a =~ $b", "a=abc;b=/B/", "false" },
        { "$a =~ $b", "a=abc;b=bc", "false" },
        { "$a =~ $b", "a=bc;b=abcd", "true" },
        { "$a =~ $b", "a=x;b=/( /", "false" },
        { "$a =~ $b", "a=/( /;b=x/( /y", "true" },
        { "$a =~ $b", "a=abc;b=/./", "true" },
        { "$a =~ $b", "a=;b=//", "true" },
        { "$a !~ $b", "a=abc;b=/^a/", "false" },
        { "$a !~ $UNDEFINED", "a=abc", "true" },
        { "$a =~ $UNDEFINED", "a=abc", "false" },
        { "$A =~ /$string1/", "A=$string1", "false" }, // RE2: $ is the end of the text, so the pattern can never match
        { "$CI_COMMIT_REF_NAME =~ /^feature/", "CI_COMMIT_REF_NAME=feature/x", "true" },
        { "$CI_COMMIT_REF_NAME =~ /^feature/", "CI_COMMIT_REF_NAME=my-feature", "false" },
        { "$case == \"ABC\"", "case=abc", "false" },
        { "$Case", "CASE=x", "nil" },
        { "true", "", "true" },
        { "false", "", "false" },
        { "$FLAG == true", "FLAG=true", "true" },
        { "true == $FLAG", "FLAG=true", "true" },
        { "$FLAG == false", "FLAG=true", "false" },
        { "$FLAG != false", "FLAG=true", "true" },
        { "true == false", "", "false" },
        { "true == true", "", "true" },
        { "$UNDEFINED == false", "", "false" },
        { "!$UNDEFINED", "", "true" },
        { "!$A", "A=x", "false" },
        { "!$BLANK", "BLANK= ", "true" },
        { "!!$A", "A=x", "true" },
        { "!$A == \"x\"", "A=x", "false" },
        { "!($A == \"x\")", "A=x", "false" },
        { "!($A == \"y\")", "A=x", "true" },
        { "$A == \"x\" && !$B", "A=x", "true" },
        { "$A || $B && $C", "A=a", "'a'" },
        { "($A || $B) && $C", "A=a", "nil" },
        { "$[[ inputs.name ]]", "", "nil" },
        { "/abc/ == /abc/", "", "true" },
        { "/abc/ == /abd/", "", "false" },
        { "$A == /abc/", "A=/abc/", "false" },
    };

    [Theory]
    [MemberData(nameof(DerivedCases))]
    public void Newest_gitlab_semantics_apply(string expression, string variables, string value)
    {
        Assert.Equal(value, Describe(Expression.Parse(expression).Evaluate(Vars(variables))));
    }

    public static TheoryData<string, string, bool> PresenceCases => new()
    {
        { "$A", "A=x", true },
        { "$A", "A=false", true },
        { "$A", "A=0", true },
        { "$A", "A=", false },
        { "$A", "A=   ", false },
        { "$A", "A=\t\n", false },
        { "$A", "A=\u00a0", false },
        { "$A", "A=\u3000", false },
        { "$A", "", false },
        { "\"\"", "", false },
        { "\" \"", "", false },
        { "\"0\"", "", true },
        { "null", "", false },
        { "/ab/", "", true },
        { "$A || $B", "A=;B=x", false },
        { "$A && $B", "A=;B=x", true },
        { "$A =~ true", "A=x", false },
    };

    [Theory]
    [MemberData(nameof(PresenceCases))]
    public void Rules_if_holds_when_the_value_is_present(string expression, string variables, bool truthful)
    {
        Assert.Equal(truthful, IsTruthful(expression, Vars(variables)));
    }

    private static bool IsTruthful(string expression, IReadOnlyDictionary<string, string> variables) =>
        Expression.TryParse(expression, out var parsed) && parsed.IsTruthful(variables);

    // "A=x;B=y" (no escapes needed in the tables above beyond C#'s own).
    internal static Dictionary<string, string> Vars(string pairs) =>
        pairs.Length == 0
            ? []
            : pairs.Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    internal static string Describe(object? value) => value switch
    {
        null => "nil",
        bool b => b ? "true" : "false",
        string s => "'" + s + "'",
        UntrustedRegex r => "/" + r.Source + "/",
        _ => value.ToString() ?? "",
    };
}
