namespace WvsMesh.Pipelines.Domain.Config;

/// <summary><c>start_in</c> of a delayed job or rule: a string duration of at most one week.</summary>
internal static class StartIn
{
    public static string Validate(YamlValue value, string location)
    {
        var duration = value is YamlScalar { IsString: true } text ? DurationText.Parse(text.Text) : null;
        if (duration is null)
        {
            throw ConfigError.At(location, "start in should be a duration");
        }

        return duration.Value <= RulesReader.MaxStartIn
            ? ((YamlScalar)value).Text
            : throw ConfigError.At(location, "start in should not exceed the limit");
    }
}
