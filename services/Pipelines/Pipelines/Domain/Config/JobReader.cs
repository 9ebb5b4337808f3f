namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// One visible job after <c>extends</c> (GitLab's <c>Entry::Job</c> + <c>Entry::Processable</c>, checks in GitLab's
/// order). <c>default:</c> <c>before_script</c>/<c>after_script</c> fill in what the job does not set, unless
/// <c>inherit:default</c> says otherwise. Keywords the model does not keep (image, cache, artifacts …) are accepted.
/// </summary>
internal static class JobReader
{
    public const string DefaultStage = "test";

    // GitLab's job entry; `never` is a rules:when value only.
    private static readonly string[] AllowedWhen = ["on_success", "on_failure", "always", "manual", "delayed"];

    private static readonly HashSet<string> AllowedKeys = new(StringComparer.Ordinal)
    {
        "tags", "script", "type", "image", "services", "start_in", "artifacts", "cache", "dependencies", "before_script",
        "after_script", "hooks", "environment", "coverage", "retry", "parallel", "interruptible", "timeout", "release",
        "secrets", "id_tokens", "pages", "publish", "manual_confirmation", "identity",
        "extends", "stage", "only", "except", "rules", "variables", "inherit", "allow_failure", "when", "needs",
        "resource_group",
    };

    private static readonly string[] RulesClashes = ["only", "except", "start_in"];

    private static readonly HashSet<string> InheritableDefaults = new(StringComparer.Ordinal)
    {
        "after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens", "image", "interruptible",
        "retry", "services", "tags", "timeout",
    };

    public static CiJob Read(string name, YamlMapping job, DefaultScripts defaults)
    {
        var location = "jobs:" + name;
        var unknown = job.Keys.Where(k => !AllowedKeys.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw ConfigError.At(location, "config contains unknown keys: " + string.Join(", ", unknown));
        }

        var hasRules = Present(job, "rules") is not null;
        if (hasRules)
        {
            var clashing = RulesClashes.Where(k => Present(job, k) is not null).ToList();
            if (clashing.Count > 0)
            {
                throw ConfigError.At(location, "config key may not be used with `rules`: " + string.Join(", ", clashing));
            }
        }

        var rules = hasRules ? RulesReader.ReadJobRules(job["rules"]!, location) : null; // present: checked above
        var when = ReadWhen(job, location);
        var allowFailure = ReadAllowFailure(job, location, when);
        var startIn = ReadStartIn(job, location, when, hasRules);
        var stage = ReadStage(job, location);
        var only = Present(job, "only") is { } onlyValue ? PolicyReader.Read(onlyValue, location + ":only") : null;
        var except = Present(job, "except") is { } exceptValue ? PolicyReader.Read(exceptValue, location + ":except") : null;
        var variables = job.TryGet("variables", out var variablesValue)
            ? VariablesReader.Read(variablesValue, location + ":variables")
            : [];
        var inheritDefault = ReadInherit(job, location);
        var beforeScript = Script(job, "before_script", location) ?? (inheritDefault("before_script") ? defaults.BeforeScript : []);
        var script = Present(job, "script") is null ? [] : Script(job, "script", location) ?? [];
        if (script.Count == 0)
        {
            throw ConfigError.At(location, "script can't be blank");
        }

        var afterScript = Script(job, "after_script", location) ?? (inheritDefault("after_script") ? defaults.AfterScript : []);
        var needs = job.TryGet("needs", out var needsValue) ? NeedsReader.Read(needsValue, location + ":needs") : null;

        return new CiJob
        {
            Name = name,
            Stage = stage,
            BeforeScript = beforeScript,
            Script = script,
            AfterScript = afterScript,
            Variables = variables,
            Rules = rules,
            Only = only,
            Except = except,
            When = when,
            AllowFailure = allowFailure,
            StartIn = startIn,
            Needs = needs,
        };
    }

    private static YamlValue? Present(YamlMapping job, string key) =>
        job.TryGet(key, out var value) && value is not YamlScalar { Kind: ScalarKind.Null } ? value : null;

    private static string ReadWhen(YamlMapping job, string location)
    {
        var value = Present(job, "when");
        if (value is null)
        {
            return "on_success";
        }

        return value is YamlScalar scalar && AllowedWhen.Contains(scalar.Text)
            ? scalar.Text
            : throw ConfigError.At(location, "when should be one of: " + string.Join(", ", AllowedWhen));
    }

    // A manual job without allow_failure may fail (GitLab's Job#ignored?); exit_codes make it fail unless they match.
    private static bool ReadAllowFailure(YamlMapping job, string location, string when)
    {
        var value = Present(job, "allow_failure");
        switch (value)
        {
            case null:
                return when == "manual";
            case YamlScalar { Kind: ScalarKind.Boolean } boolean:
                return boolean.Text == "true";
            case YamlMapping criteria:
                var unknown = criteria.Keys.Where(k => k != "exit_codes").ToList();
                if (unknown.Count > 0)
                {
                    throw ConfigError.At(location + ":allow_failure", "config contains unknown keys: " + string.Join(", ", unknown));
                }

                var codes = criteria["exit_codes"];
                var valid = codes is YamlScalar { Kind: ScalarKind.Integer }
                    || codes is YamlSequence { Items: var items } && items.All(i => i is YamlScalar { Kind: ScalarKind.Integer });
                return valid
                    ? false
                    : throw ConfigError.At(location + ":allow_failure", "exit codes should be an array of integers or an integer");
            default:
                throw ConfigError.At(location, "allow failure should be a hash or a boolean value");
        }
    }

    private static string? ReadStartIn(YamlMapping job, string location, string when, bool hasRules)
    {
        var present = job.TryGet("start_in", out var value) && value is not YamlScalar { Kind: ScalarKind.Null };
        if (when == "delayed" && !hasRules)
        {
            return StartIn.Validate(value, location);
        }

        return present ? throw ConfigError.At(location, "start in must be blank") : null;
    }

    private static string ReadStage(YamlMapping job, string location)
    {
        var key = Present(job, "stage") is not null ? "stage" : "type";
        var value = Present(job, key);
        return value switch
        {
            null => DefaultStage,
            YamlScalar { IsString: true } stage => stage.Text,
            _ => throw ConfigError.At($"{location}:{key}", "config should be a string"),
        };
    }

    private static IReadOnlyList<string>? Script(YamlMapping job, string key, string location) =>
        job.TryGet(key, out var value) ? StringLists.Commands(value, $"{location}:{key}") : null;

    // inherit:default: true (all), false (none) or a list of default: keys; inherit:variables must stay true because
    // CiJob cannot say "without global variables".
    private static Func<string, bool> ReadInherit(YamlMapping job, string location)
    {
        if (Present(job, "inherit") is not { } inherit)
        {
            return _ => true;
        }

        var at = location + ":inherit";
        if (inherit is not YamlMapping hash)
        {
            throw ConfigError.At(at, "config should be a hash");
        }

        var unknown = hash.Keys.Where(k => k is not "default" and not "variables").ToList();
        if (unknown.Count > 0)
        {
            throw ConfigError.At(at, "config contains unknown keys: " + string.Join(", ", unknown));
        }

        if (hash.TryGet("variables", out var variables) && variables is not YamlScalar { Kind: ScalarKind.Boolean, Text: "true" })
        {
            throw ConfigError.At(at + ":variables", "config other than true is not supported yet");
        }

        if (!hash.TryGet("default", out var defaults))
        {
            return _ => true;
        }

        if (defaults is YamlScalar { Kind: ScalarKind.Boolean } all)
        {
            var inheritAll = all.Text == "true";
            return _ => inheritAll;
        }

        var keys = StringLists.ArrayOfStrings(defaults);
        if (keys is null)
        {
            throw ConfigError.At(at + ":default", "config should be a boolean value or an array of strings");
        }

        var bad = keys.Where(k => !InheritableDefaults.Contains(k)).ToList();
        return bad.Count > 0
            ? throw ConfigError.At(at + ":default", "config contains unknown values: " + string.Join(", ", bad))
            : keys.Contains;
    }
}

/// <summary>The <c>default:</c> (or deprecated top-level) scripts a job inherits.</summary>
internal sealed record DefaultScripts(IReadOnlyList<string> BeforeScript, IReadOnlyList<string> AfterScript);
