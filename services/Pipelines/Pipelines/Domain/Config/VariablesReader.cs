namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// <c>variables:</c> (global, job, <c>rules:variables</c>, <c>workflow:rules:variables</c>): a hash whose values are
/// scalars (numbers and booleans become Ruby's <c>to_s</c>) or hashes with <c>value</c> (plus <c>description</c>,
/// <c>expand</c>, <c>options</c>, which are not kept). Order is file order.
/// </summary>
internal static class VariablesReader
{
    private const string NotKeyValuePairs = "config should be a hash of key value pairs";

    private static readonly HashSet<string> DataKeys = new(StringComparer.Ordinal) { "value", "description", "expand", "options" };

    public static IReadOnlyList<KeyValuePair<string, string>> Read(YamlValue value, string location)
    {
        if (value is not YamlMapping mapping)
        {
            throw ConfigError.At(location, NotKeyValuePairs);
        }

        var variables = new List<KeyValuePair<string, string>>(mapping.Entries.Count);
        foreach (var (key, item) in mapping.Entries)
        {
            variables.Add(new(key, ValueOf(item, location)));
        }

        return variables;
    }

    private static string ValueOf(YamlValue item, string location)
    {
        switch (item)
        {
            case YamlScalar { Kind: not ScalarKind.Null } scalar:
                return scalar.Text;
            case YamlMapping data when data.Keys.All(DataKeys.Contains):
                if (!data.TryGet("value", out var value))
                {
                    return "";
                }

                if (value is YamlScalar { Kind: not ScalarKind.Null } scalarValue)
                {
                    return scalarValue.Text;
                }

                throw ConfigError.At(location, NotKeyValuePairs);
            default:
                throw ConfigError.At(location, NotKeyValuePairs);
        }
    }
}
