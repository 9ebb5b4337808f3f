namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// Applies <c>extends:</c> (GitLab's <c>Config::Extendable</c>): parents are deep-merged in order, then the job over
/// them; hashes merge key by key, anything else (arrays, scalars) is replaced by the later value. A parent may itself
/// extend, at most <see cref="MaxLevels"/> levels deep; cycles and unknown or non-hash parents are errors.
/// </summary>
internal sealed class ExtendsResolver
{
    /// <summary>GitLab refuses an extending entry with more than 10 ancestors: at most 11 levels of <c>extends</c>.</summary>
    public const int MaxLevels = 11;

    private readonly YamlMapping _root;
    private readonly Dictionary<string, (YamlMapping Value, int Height)> _resolved = new(StringComparer.Ordinal);

    private ExtendsResolver(YamlMapping root) => _root = root;

    /// <summary>Resolves every entry of <paramref name="names"/> (in order) and returns the extended values.</summary>
    public static Dictionary<string, YamlMapping> Resolve(YamlMapping root, IEnumerable<string> names)
    {
        var resolver = new ExtendsResolver(root);
        var result = new Dictionary<string, YamlMapping>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (root[name] is YamlMapping)
            {
                result[name] = resolver.Extend(name, name, []).Value;
            }
        }

        return result;
    }

    private (YamlMapping Value, int Height) Extend(string origin, string name, List<string> chain)
    {
        if (_resolved.TryGetValue(name, out var done))
        {
            CheckDepth(origin, chain.Count, done.Height);
            return done;
        }

        // Only hashes reach here (the caller checks parents).
        var value = (YamlMapping)_root[name]!;
        if (!value.TryGet("extends", out var extends))
        {
            return Remember(name, value, 0);
        }

        var parents = ParentNames(extends, name);
        if (chain.Contains(name, StringComparer.Ordinal))
        {
            throw new CiConfigException(
                $"jobs:{origin}:extends config contains a circular dependency: {string.Join(" -> ", chain)} -> {name}");
        }

        CheckDepth(origin, chain.Count, 1);
        chain.Add(name);
        var merged = YamlMapping.Empty;
        var height = 0;
        foreach (var parent in parents)
        {
            var parentValue = _root[parent];
            if (parentValue is null)
            {
                throw new CiConfigException($"jobs:{origin}:extends config {parent} does not exist");
            }

            if (parentValue is not YamlMapping)
            {
                throw new CiConfigException($"jobs:{origin}:extends config {parent} should be a hash");
            }

            var (resolved, parentHeight) = Extend(origin, parent, chain);
            merged = DeepMerge(merged, resolved);
            height = Math.Max(height, parentHeight + 1);
        }

        chain.RemoveAt(chain.Count - 1);
        return Remember(name, DeepMerge(merged, value), height);
    }

    private (YamlMapping Value, int Height) Remember(string name, YamlMapping value, int height)
    {
        _resolved[name] = (value, height);
        return (value, height);
    }

    // An entry that extends, found `depth` levels below the job, starts a chain `height` levels long.
    private static void CheckDepth(string origin, int depth, int height)
    {
        if (height > 0 && depth + height > MaxLevels)
        {
            throw new CiConfigException($"jobs:{origin}:extends config nests more than {MaxLevels} levels deep");
        }
    }

    private static IReadOnlyList<string> ParentNames(YamlValue extends, string name)
    {
        if (extends is YamlScalar { IsString: true } single)
        {
            return [single.Text];
        }

        return StringLists.ArrayOfStrings(extends)
            ?? throw ConfigError.At("jobs:" + name, "extends should be an array of strings or a string");
    }

    /// <summary>Rails' <c>Hash#deep_merge</c>: <paramref name="over"/> wins; nested hashes merge; key order is kept.</summary>
    public static YamlMapping DeepMerge(YamlMapping under, YamlMapping over)
    {
        if (under.Entries.Count == 0)
        {
            return over;
        }

        var entries = new List<KeyValuePair<string, YamlValue>>(under.Entries.Count + over.Entries.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in under.Entries)
        {
            index[entry.Key] = entries.Count;
            entries.Add(entry);
        }

        foreach (var (key, value) in over.Entries)
        {
            if (!index.TryGetValue(key, out var at))
            {
                index[key] = entries.Count;
                entries.Add(new(key, value));
                continue;
            }

            var merged = entries[at].Value is YamlMapping left && value is YamlMapping right ? DeepMerge(left, right) : value;
            entries[at] = new(key, merged);
        }

        return new YamlMapping(entries);
    }
}
