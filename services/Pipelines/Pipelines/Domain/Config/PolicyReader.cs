using WvsMesh.Pipelines.Domain.Expressions;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// <c>only:</c> / <c>except:</c> (GitLab's <c>Entry::Policy</c>; gitlab-ci.md §4, §7.16): an array of refs, or a hash of
/// <c>refs</c>, <c>variables</c>, <c>changes</c>, <c>kubernetes</c>. The default <c>only</c> is left to selection.
/// </summary>
internal static class PolicyReader
{
    private const string RefsMessage = "should be an array of strings or regular expressions using re2 syntax";

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal) { "refs", "kubernetes", "variables", "changes" };

    public static CiPolicy Read(YamlValue value, string location)
    {
        switch (value)
        {
            case YamlSequence:
                return new CiPolicy { Refs = Refs(value) ?? throw ConfigError.At(location, "config " + RefsMessage) };
            case YamlMapping { Entries.Count: 0 }:
                throw ConfigError.At(location, "config can't be blank");
            case YamlMapping hash:
                return Complex(hash, location);
            default:
                // GitLab's UnknownStrategy message is not downcased.
                throw new CiConfigException($"{location} has to be either an array of conditions or a hash");
        }
    }

    private static CiPolicy Complex(YamlMapping hash, string location)
    {
        var unknown = hash.Keys.Where(k => !Keys.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw ConfigError.At(location, "config contains unknown keys: " + string.Join(", ", unknown));
        }

        var variables = Present(hash, "variables");
        var expressions = variables is null ? null : StringLists.ArrayOfStrings(variables);
        if (expressions is not null && !expressions.All(ExpressionSyntax.IsValid))
        {
            throw ConfigError.At(location, "variables invalid expression syntax");
        }

        var refsValue = Present(hash, "refs");
        var refs = refsValue is null ? null : Refs(refsValue) ?? throw ConfigError.At(location, "refs " + RefsMessage);
        var kubernetes = Present(hash, "kubernetes");
        if (kubernetes is not null && kubernetes is not YamlScalar { Text: "active" })
        {
            throw ConfigError.At(location, "kubernetes unknown value: " + RulesReader.RubyText(kubernetes));
        }

        if (variables is not null && expressions is null)
        {
            throw ConfigError.At(location, "variables should be an array of strings");
        }

        var changesValue = Present(hash, "changes");
        var changes = changesValue is null ? null : StringLists.ArrayOfStrings(changesValue)
            ?? throw ConfigError.At(location, "changes should be an array of strings");

        return new CiPolicy
        {
            Refs = refs,
            Variables = expressions,
            Changes = changes,
            Kubernetes = kubernetes is null ? null : "active",
        };
    }

    private static YamlValue? Present(YamlMapping hash, string key) =>
        hash.TryGet(key, out var value) && value is not YamlScalar { Kind: ScalarKind.Null } ? value : null;

    private static IReadOnlyList<string>? Refs(YamlValue value)
    {
        var refs = StringLists.ArrayOfStrings(value);
        return refs is not null && refs.All(r => !UntrustedRegex.HasPatternSyntax(r) || UntrustedRegex.FromPatternText(r) is not null) ? refs : null;
    }
}
