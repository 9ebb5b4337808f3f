using WvsMesh.Pipelines.Domain.Selection;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Domain.Selection;

/// <summary>
/// <c>Collection#sort_and_expand_all</c> (gitlab-ci.md §6.5, §7.21). Variables are written <c>key=value</c>, with a
/// trailing <c> [raw]</c> or <c> [file]</c>; the result lists the checked keys as <c>key=value</c>.
/// </summary>
public sealed class Expanding_variables
{
    public static TheoryData<string, string[], string, string[]> Expansions => new()
    {
        { "VX01", [], "", [] },
        { "VX03", ["variable=value", "variable2=result", "variable3=key$variable$variable2", "variable4=key$variable$variable3"], "",
            ["variable=value", "variable2=result", "variable3=keyvalueresult", "variable4=keyvaluekeyvalueresult"] },
        { "VX04", ["variable=value", "variable2=key${variable}"], "", ["variable=value", "variable2=keyvalue"] },
        { "VX06", ["variable=value", "variable2=result", "variable3=key${variable}${variable2}"], "", ["variable3=keyvalueresult"] },
        { "VX07", ["variable3=key_${variable}_$${HOME}_%%HOME%%", "variable=$variable2", "variable2=value"], "keep_undefined",
            ["variable=value", "variable2=value", "variable3=key_value_$${HOME}_%%HOME%%"] },
        { "VX09", ["variable3=key$variable2$variable", "variable=value", "variable2=result"], "", ["variable3=keyresultvalue"] },
        { "VX10", ["variable2=key$variable"], "", ["variable2=key"] },
        { "VX12", ["variable4=key${variable}${variable2}${variable3}", "variable=value", "variable3=value3"], "keep_undefined",
            ["variable4=keyvalue${variable2}value3"] },
        { "VX13", ["variable1=value1", "raw_var=raw-$variable1 [raw]", "nonraw_var=nonraw-$variable1", "variable2=$raw_var and $nonraw_var"], "",
            ["raw_var=raw-$variable1", "nonraw_var=nonraw-value1", "variable2=raw-$variable1 and nonraw-value1"] },
        { "VX15", ["VAR=$PASSWORD", "PASSWORD=my_password$$_%%_$A", "A=value"], "",
            ["VAR=my_password$$_%%_value", "PASSWORD=my_password$$_%%_value", "A=value"] },
        { "VX18", ["file_var=secret content [file]", "variable1=var one", "variable2=var two $variable1 $file_var"], "no_file_refs",
            ["variable2=var two var one $file_var"] },
        { "VX19", ["TEST1=test-1", "TEST2=test-2", "TEST1=test-3"], "", ["TEST1=test-3", "TEST2=test-2"] },
        { "file refs expanded by default", ["f=content [file]", "v=x $f"], "", ["v=x content"] },
        { "raw refs kept for the runner", ["r=raw $x [raw]", "v=[$r]"], "no_raw_refs", ["v=[$r]", "r=raw $x"] },
        { "windows syntax", ["A=a", "B=%A%-%A"], "", ["B=a-%A"] },
        { "empty braces", ["A=a", "B=${}$A"], "", ["B=${}a"] },
        { "names start with a letter", ["A=a", "B=$1A"], "", ["B=$1A"] },
        { "self reference", ["A=x$A"], "", ["A=x"] },
        { "self reference kept", ["A=x$A"], "keep_undefined", ["A=x$A"] },
        { "redefinition", ["A=1", "B=$A", "A=2"], "", ["B=2", "A=2"] },
        { "undefined removed", ["A=${NOPE}%NOPE%$NOPE!"], "", ["A=!"] },
        { "no references", ["A=plain text 100% $ 5"], "", ["A=plain text 100% $ 5"] },
    };

    [Theory]
    [MemberData(nameof(Expansions))]
    public void Values_expand_like_gitlab(string id, string[] variables, string options, string[] expected)
    {
        var result = VariableExpansion.SortAndExpandAll(Parse(variables),
            keepUndefined: options == "keep_undefined",
            expandFileRefs: options != "no_file_refs",
            expandRawRefs: options != "no_raw_refs");

        Assert.Null(result.Error);
        var values = VariableExpansion.ToDictionary(result.Variables.Select(v => KeyValuePair.Create(v.Key, v.Value)));
        var actual = expected.Select(e => e.Split('=', 2)[0]).Select(k => k + "=" + values.GetValueOrDefault(k, "<missing>"));
        Assert.True(expected.SequenceEqual(actual), $"{id}: {string.Join(" | ", actual)}");
        Assert.True(expected.Length > 0 || values.Count == 0, id);
    }

    public static TheoryData<string, string[], string> Cycles => new()
    {
        { "VX16", ["variable=$variable2", "variable2=$variable3", "variable3=key$variable$variable2"],
            "circular variable reference detected: [\"variable\", \"variable2\", \"variable3\"]" },
        { "two", ["A=$B", "B=$A"], "circular variable reference detected: [\"A\", \"B\"]" },
        { "after a clean one", ["X=1", "A=${B}", "B=%A%"], "circular variable reference detected: [\"A\", \"B\"]" },
    };

    [Theory]
    [MemberData(nameof(Cycles))]
    public void Circular_references_leave_the_collection_unexpanded(string id, string[] variables, string error)
    {
        var input = Parse(variables);

        var result = VariableExpansion.SortAndExpandAll(input);

        Assert.True(error == result.Error, $"{id}: {result.Error}");
        Assert.Equal<ExpandableVariable>(input, result.Variables);
    }

    public static TheoryData<string, string> ExistingOnly => new()
    {
        { "$DIR/*.md", "docs/*.md" },
        { "${DIR}/%DIR%", "docs/docs" },
        { "$NOPE/$DIR", "$NOPE/docs" },
        { "$$DIR", "$$DIR" },
        { "plain", "plain" },
    };

    [Theory]
    [MemberData(nameof(ExistingOnly))]
    public void Expand_existing_keeps_unknown_references(string value, string expanded)
    {
        Assert.Equal(expanded, VariableExpansion.ExpandExisting(value, new Dictionary<string, string> { ["DIR"] = "docs" }));
    }

    private static List<ExpandableVariable> Parse(string[] variables) =>
        variables.Select(v =>
        {
            var raw = v.EndsWith(" [raw]", StringComparison.Ordinal);
            var file = v.EndsWith(" [file]", StringComparison.Ordinal);
            var text = raw || file ? v[..v.LastIndexOf(" [", StringComparison.Ordinal)] : v;
            var parts = text.Split('=', 2);
            return new ExpandableVariable(parts[0], parts[1], raw, file);
        }).ToList();
}
