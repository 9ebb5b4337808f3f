using WvsMesh.Pipelines.Domain.Expressions;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// <c>rules:</c> of a job and <c>workflow:rules:</c> (GitLab's <c>Entry::Rules</c> / <c>Entry::Rules::Rule</c>, checks in
/// GitLab's order; gitlab-ci.md §2.3, §3.1, §7.12). Nested arrays (from <c>!reference</c>) are flattened.
/// </summary>
internal static class RulesReader
{
    /// <summary>The longest a <c>start_in</c> may be (GitLab: <c>limit: '1 week'</c>).</summary>
    public static readonly TimeSpan MaxStartIn = TimeSpan.FromDays(7);

    private const int MaxNesting = 10;

    private static readonly string[] JobWhen = ["on_success", "on_failure", "always", "never", "manual", "delayed"];
    private static readonly string[] WorkflowWhen = ["always", "never"];

    private static readonly HashSet<string> JobKeys = new(StringComparer.Ordinal)
    {
        "if", "changes", "exists", "when", "start_in", "allow_failure", "variables", "needs", "interruptible",
    };

    private static readonly HashSet<string> WorkflowKeys = new(StringComparer.Ordinal)
    {
        "if", "changes", "exists", "when", "start_in", "allow_failure", "variables", "needs", "auto_cancel",
    };

    /// <summary>A job's <c>rules:</c>; <paramref name="job"/> is the job's location (<c>jobs:build</c>).</summary>
    public static IReadOnlyList<CiRule> ReadJobRules(YamlValue value, string job)
    {
        var items = new List<YamlValue>();
        if (value is not YamlSequence sequence || !Flatten(sequence, 0, items, hashesOnly: true))
        {
            throw ConfigError.At(job, "rules should be an array containing hashes and arrays of hashes");
        }

        return items.Select(item => ReadRule(item, job + ":rules:rule", JobWhen, JobKeys)).ToList();
    }

    /// <summary><c>workflow:rules:</c>.</summary>
    public static IReadOnlyList<CiRule> ReadWorkflowRules(YamlValue value)
    {
        const string Location = "workflow:rules";
        if (value is YamlScalar { Kind: ScalarKind.Null })
        {
            throw ConfigError.At(Location, "config can't be blank");
        }

        var items = new List<YamlValue>();
        if (value is not YamlSequence sequence)
        {
            throw ConfigError.At(Location, "config should be an array");
        }

        Flatten(sequence, 0, items, hashesOnly: false);
        return items.Select(item => ReadRule(item, Location + ":rule", WorkflowWhen, WorkflowKeys)).ToList();
    }

    private static bool Flatten(YamlSequence sequence, int level, List<YamlValue> into, bool hashesOnly)
    {
        foreach (var item in sequence.Items)
        {
            if (item is YamlSequence nested && level < MaxNesting)
            {
                if (!Flatten(nested, level + 1, into, hashesOnly))
                {
                    return false;
                }
            }
            else if (item is YamlMapping || !hashesOnly)
            {
                into.Add(item);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static CiRule ReadRule(YamlValue value, string location, string[] allowedWhen, HashSet<string> allowedKeys)
    {
        if (value is YamlScalar { Kind: ScalarKind.Null } or YamlSequence { Items.Count: 0 } or YamlMapping { Entries.Count: 0 })
        {
            throw ConfigError.At(location, "config can't be blank");
        }

        if (value is not YamlMapping rule)
        {
            throw ConfigError.At(location, "config should be a hash");
        }

        var when = rule.TryGet("when", out var whenValue) && whenValue is not YamlScalar { Kind: ScalarKind.Null } ? whenValue : null;
        var delayed = when is YamlScalar { Text: "delayed" };
        var startIn = ReadStartIn(rule, location, delayed);
        var condition = ReadIf(rule, location);
        var exists = ReadPaths(rule, "exists", location);
        var allowFailure = ReadBoolean(rule, "allow_failure", location);
        _ = ReadBoolean(rule, "interruptible", location);
        if (when is not null && !(when is YamlScalar whenScalar && allowedWhen.Contains(whenScalar.Text)))
        {
            throw ConfigError.At(location, "when unknown value: " + RubyText(when));
        }

        var unknown = rule.Keys.Where(k => !allowedKeys.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw ConfigError.At(location, "config contains unknown keys: " + string.Join(", ", unknown));
        }

        return new CiRule
        {
            If = condition,
            Changes = ReadPaths(rule, "changes", location),
            Exists = exists,
            When = when is null ? null : ((YamlScalar)when).Text,
            AllowFailure = allowFailure,
            StartIn = startIn,
            Variables = rule.TryGet("variables", out var variables) ? VariablesReader.Read(variables, location + ":variables") : null,
            Needs = rule.TryGet("needs", out var needs) ? NeedsReader.Read(needs, location + ":needs") : null,
        };
    }

    private static string? ReadStartIn(YamlMapping rule, string location, bool delayed)
    {
        var present = rule.TryGet("start_in", out var value);
        if (!delayed)
        {
            return present ? throw ConfigError.At(location, "config contains disallowed keys: start_in") : null;
        }

        if (!present || value is YamlScalar { Kind: ScalarKind.Null } or YamlScalar { Text: "" })
        {
            throw ConfigError.At(location, "start in can't be blank");
        }

        return StartIn.Validate(value, location);
    }

    private static string? ReadIf(YamlMapping rule, string location)
    {
        if (!rule.TryGet("if", out var value) || value is YamlScalar { Kind: ScalarKind.Null })
        {
            return null;
        }

        if (value is not YamlScalar { IsString: true } text || !ExpressionSyntax.IsValid(text.Text))
        {
            throw ConfigError.At(location, "if invalid expression syntax");
        }

        return text.Text;
    }

    // changes:/exists: take an array of paths or a hash with paths: (GitLab's complex form).
    private static IReadOnlyList<string>? ReadPaths(YamlMapping rule, string key, string location)
    {
        if (!rule.TryGet(key, out var value) || value is YamlScalar { Kind: ScalarKind.Null })
        {
            return null;
        }

        if (value is YamlMapping complex)
        {
            var allowed = key == "changes" ? new[] { "paths", "compare_to" } : ["paths", "project", "ref"];
            var unknown = complex.Keys.Where(k => !allowed.Contains(k)).ToList();
            if (unknown.Count > 0)
            {
                throw ConfigError.At($"{location}:{key}", "config contains unknown keys: " + string.Join(", ", unknown));
            }

            if (complex.ContainsKey("project"))
            {
                throw ConfigError.At($"{location}:{key}", "project is not supported yet");
            }

            return (complex.TryGet("paths", out var paths) ? StringLists.ArrayOfStrings(paths) : null)
                ?? throw ConfigError.At($"{location}:{key}", "paths should be an array of strings");
        }

        return StringLists.ArrayOfStrings(value) ?? throw ConfigError.At(location, key + " should be an array of strings");
    }

    private static bool? ReadBoolean(YamlMapping rule, string key, string location)
    {
        if (!rule.TryGet(key, out var value) || value is YamlScalar { Kind: ScalarKind.Null })
        {
            return null;
        }

        return value is YamlScalar { Kind: ScalarKind.Boolean } boolean
            ? boolean.Text == "true"
            : throw ConfigError.At(location, key.Replace('_', ' ') + " should be a boolean value");
    }

    /// <summary>Ruby's <c>to_s</c> for a value in a message (a scalar's text; collections abbreviated).</summary>
    public static string RubyText(YamlValue value) => value switch
    {
        YamlScalar scalar => scalar.Text,
        YamlSequence => "[...]",
        _ => "{...}",
    };
}
