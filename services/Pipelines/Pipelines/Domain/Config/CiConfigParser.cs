using System.Text;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// Reads <c>.wvs/root-ci.yml</c> into a <see cref="CiConfig"/> the way GitLab reads <c>.gitlab-ci.yml</c>
/// (gitlab-ci.md §2–§4, §9): YAML (anchors, aliases, merge keys) → <c>include</c> refused → <c>extends</c> → global
/// keywords and <c>default:</c> → jobs (hidden <c>.name</c> jobs dropped) → stage and <c>needs</c> checks. The first
/// problem found is thrown as a <see cref="CiConfigException"/> carrying GitLab's message.
/// </summary>
internal static class CiConfigParser
{
    /// <summary>Largest file accepted, in UTF-8 bytes (GitLab's <c>MAX_YAML_SIZE</c>).</summary>
    public const int MaxYamlBytes = 1024 * 1024;

    /// <summary>GitLab's answer to a configuration over its size or depth limits (<c>Config::Loader::Yaml::DataTooLargeError</c>).</summary>
    public const string TooBig = YamlTreeReader.TooBig;

    public const int MaxJobs = 2000;

    public static readonly IReadOnlyList<string> DefaultStages = ["build", "test", "deploy"];

    private const string PreStage = ".pre";
    private const string PostStage = ".post";

    // Root keys that are never jobs (GitLab's reserved nodes, plus default: and workflow:).
    private static readonly HashSet<string> GlobalKeys = new(StringComparer.Ordinal)
    {
        "default", "include", "before_script", "image", "services", "after_script", "variables", "stages", "cache",
        "workflow",
    };

    private static readonly HashSet<string> DefaultKeys = new(StringComparer.Ordinal)
    {
        "after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens", "image", "interruptible", "retry",
        "services", "tags", "timeout",
    };

    private static readonly string[] DeprecatedGlobals = ["before_script", "image", "services", "after_script", "cache"];

    public static CiConfig Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (Encoding.UTF8.GetByteCount(yaml) > MaxYamlBytes)
        {
            throw new CiConfigException(TooBig);
        }

        if (string.IsNullOrWhiteSpace(yaml))
        {
            throw new CiConfigException("Please provide content of .wvs/root-ci.yml");
        }

        if (YamlTreeReader.Read(yaml) is not YamlMapping root)
        {
            throw new CiConfigException("Invalid configuration format");
        }

        if (root.ContainsKey("include"))
        {
            throw new CiConfigException("include is not supported yet");
        }

        var jobNames = root.Keys.Where(k => !GlobalKeys.Contains(k)).ToList();
        var extended = ExtendsResolver.Resolve(root, jobNames);

        var defaults = ReadDefaults(root);
        var variables = root.TryGet("variables", out var variablesValue) ? VariablesReader.Read(variablesValue, "variables") : [];
        var stages = ReadStages(root);
        var workflowRules = ReadWorkflow(root);
        var jobs = ReadJobs(jobNames, extended, defaults);

        CheckStagesAndNeeds(jobs, stages);
        return new CiConfig(stages, variables, workflowRules, jobs);
    }

    private static DefaultScripts ReadDefaults(YamlMapping root)
    {
        var defaults = YamlMapping.Empty;
        if (root.TryGet("default", out var value) && value is not YamlScalar { Kind: ScalarKind.Null })
        {
            defaults = value as YamlMapping ?? throw ConfigError.At("default", "config should be a hash");
            var unknown = defaults.Keys.Where(k => !DefaultKeys.Contains(k)).ToList();
            if (unknown.Count > 0)
            {
                throw ConfigError.At("default", "config contains unknown keys: " + string.Join(", ", unknown));
            }
        }

        foreach (var key in DeprecatedGlobals.Where(root.ContainsKey))
        {
            if (defaults.ContainsKey(key))
            {
                throw new CiConfigException($"{key} is defined in top-level and `default:` entry");
            }
        }

        return new DefaultScripts(Scripts(root, defaults, "before_script"), Scripts(root, defaults, "after_script"));
    }

    private static IReadOnlyList<string> Scripts(YamlMapping root, YamlMapping defaults, string key)
    {
        if (defaults.TryGet(key, out var value))
        {
            return StringLists.Commands(value, "default:" + key);
        }

        return root.TryGet(key, out var global) ? StringLists.Commands(global, key) : [];
    }

    // User stages get .pre first and .post last (GitLab's EdgeStagesInjector), wherever the file put them.
    private static IReadOnlyList<string> ReadStages(YamlMapping root)
    {
        var stages = DefaultStages;
        if (root.TryGet("stages", out var value))
        {
            stages = StringLists.ArrayOfStrings(value) ?? throw ConfigError.At("stages", "config should be an array of strings");
        }

        return [PreStage, .. stages.Where(s => s is not PreStage and not PostStage).Distinct(StringComparer.Ordinal), PostStage];
    }

    private static IReadOnlyList<CiRule>? ReadWorkflow(YamlMapping root)
    {
        if (!root.TryGet("workflow", out var value) || value is YamlScalar { Kind: ScalarKind.Null })
        {
            return null;
        }

        if (value is not YamlMapping workflow)
        {
            throw ConfigError.At("workflow", "config should be a hash");
        }

        var unknown = workflow.Keys.Where(k => k is not "rules" and not "name" and not "auto_cancel").ToList();
        if (unknown.Count > 0)
        {
            throw ConfigError.At("workflow", "config contains unknown keys: " + string.Join(", ", unknown));
        }

        return workflow.TryGet("rules", out var rules) ? RulesReader.ReadWorkflowRules(rules) : null;
    }

    private static List<CiJob> ReadJobs(
        List<string> names, Dictionary<string, YamlMapping> extended, DefaultScripts defaults)
    {
        var visible = names.Where(n => !n.StartsWith('.')).ToList();
        foreach (var name in visible)
        {
            var job = extended.GetValueOrDefault(name);
            if (job is not null && job.ContainsKey("trigger") && !job.ContainsKey("script"))
            {
                throw ConfigError.At("jobs:" + name, "config uses trigger:, which is not supported yet");
            }

            if (job is null || !job.ContainsKey("script"))
            {
                throw ConfigError.At("jobs:" + name, "config should implement the script: or the trigger: keyword");
            }
        }

        if (visible.Count == 0)
        {
            throw ConfigError.At("jobs", "config should contain at least one visible job");
        }

        if (visible.Count > MaxJobs)
        {
            throw ConfigError.At("jobs", $"config should contain at most {MaxJobs} jobs");
        }

        return visible.Select(name => JobReader.Read(name, extended[name], defaults)).ToList();
    }

    // GitLab's YamlProcessor#validate_job_stage! and #validate_job_needs!, job by job in file order.
    private static void CheckStagesAndNeeds(List<CiJob> jobs, IReadOnlyList<string> stages)
    {
        var stageIndex = stages.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        var jobStage = jobs.ToDictionary(j => j.Name, j => j.Stage, StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (!stageIndex.ContainsKey(job.Stage))
            {
                throw new CiConfigException($"jobs:{job.Name} stage parameter should be one of: {string.Join(", ", stages)}");
            }

            foreach (var need in job.Needs ?? [])
            {
                if (!jobStage.TryGetValue(need.Job, out var needStage))
                {
                    if (need.Optional)
                    {
                        continue;
                    }

                    throw new CiConfigException($"{job.Name} job: undefined need: {need.Job}");
                }

                if (!stageIndex.TryGetValue(needStage, out var needIndex) || needIndex > stageIndex[job.Stage])
                {
                    throw new CiConfigException($"{job.Name} job: need {need.Job} is not defined in current or prior stages");
                }
            }

            var duplicated = (job.Needs ?? []).GroupBy(n => n.Job, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicated.Count > 0)
            {
                throw new CiConfigException($"{job.Name} has the following needs duplicated: {string.Join(", ", duplicated)}.");
            }
        }
    }
}
