namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// <c>needs:</c> of a job or a rule: an array of job names or <c>{job:, optional:, artifacts:, parallel:}</c> hashes.
/// Cross-project and parent-pipeline needs (<c>project:</c>, <c>pipeline:</c>) are refused: WvsMesh has one pipeline.
/// </summary>
internal static class NeedsReader
{
    private static readonly HashSet<string> JobKeys = new(StringComparer.Ordinal) { "job", "artifacts", "optional", "parallel" };

    public static IReadOnlyList<CiNeed> Read(YamlValue value, string location)
    {
        if (value is not YamlSequence sequence)
        {
            throw ConfigError.At(location, "config can only be a hash or an array");
        }

        var needs = new List<CiNeed>(sequence.Items.Count);
        var needLocation = location + ":need";
        foreach (var item in sequence.Items)
        {
            needs.Add(item switch
            {
                YamlScalar { IsString: true } name => new CiNeed(name.Text, Optional: false),
                YamlMapping hash => FromHash(hash, needLocation),
                _ => throw ConfigError.At(needLocation, "has an unsupported type"),
            });
        }

        return needs;
    }

    private static CiNeed FromHash(YamlMapping hash, string location)
    {
        if (hash.ContainsKey("project") || hash.ContainsKey("pipeline"))
        {
            throw ConfigError.At(location, "config uses cross-pipeline needs (project:, pipeline:), which are not supported yet");
        }

        var unknown = hash.Keys.Where(k => !JobKeys.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw ConfigError.At(location, "config contains unknown keys: " + string.Join(", ", unknown));
        }

        if (!hash.TryGet("job", out var job) || job is not YamlScalar { IsString: true } name)
        {
            throw ConfigError.At(location, "job should be a string");
        }

        var optional = false;
        if (hash.TryGet("optional", out var flag))
        {
            optional = flag is YamlScalar { Kind: ScalarKind.Boolean } boolean
                ? boolean.Text == "true"
                : throw ConfigError.At(location, "optional should be a boolean value");
        }

        return new CiNeed(name.Text, optional);
    }
}
