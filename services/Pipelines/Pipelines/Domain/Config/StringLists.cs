namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>Shapes of string lists in the configuration: plain arrays of strings and script-like commands.</summary>
internal static class StringLists
{
    /// <summary>GitLab nests <c>script</c> arrays (for <c>!reference</c>) at most this deep.</summary>
    public const int MaxScriptNesting = 10;

    /// <summary>An array whose items are all strings, or null when <paramref name="value"/> is not one.</summary>
    public static IReadOnlyList<string>? ArrayOfStrings(YamlValue value)
    {
        if (value is not YamlSequence sequence)
        {
            return null;
        }

        var strings = new List<string>(sequence.Items.Count);
        foreach (var item in sequence.Items)
        {
            if (item is not YamlScalar { IsString: true } scalar)
            {
                return null;
            }

            strings.Add(scalar.Text);
        }

        return strings;
    }

    /// <summary>
    /// <c>script</c>, <c>before_script</c>, <c>after_script</c>: a string, or an array of strings and nested arrays of
    /// strings, flattened in order. Throws GitLab's message at <paramref name="location"/> otherwise.
    /// </summary>
    public static IReadOnlyList<string> Commands(YamlValue value, string location)
    {
        if (value is YamlScalar { IsString: true } single)
        {
            return [single.Text];
        }

        var commands = new List<string>();
        if (value is not YamlSequence sequence || !Flatten(sequence, 1, commands))
        {
            throw ConfigError.At(location, $"config should be a string or a nested array of strings up to {MaxScriptNesting} levels deep");
        }

        return commands;
    }

    private static bool Flatten(YamlSequence sequence, int level, List<string> into)
    {
        foreach (var item in sequence.Items)
        {
            switch (item)
            {
                case YamlScalar { IsString: true } scalar:
                    into.Add(scalar.Text);
                    break;
                case YamlSequence nested when level < MaxScriptNesting + 1:
                    if (!Flatten(nested, level + 1, into))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
