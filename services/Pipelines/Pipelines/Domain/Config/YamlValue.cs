namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// A loaded YAML value as Ruby's Psych would revive it (<c>YAML.safe_load</c>): scalars are resolved to their Ruby
/// type, aliases share their anchor's node, merge keys are applied. Immutable, so shared nodes are safe.
/// </summary>
internal abstract class YamlValue
{
    /// <summary>Nodes in the value with every alias expanded (saturates at <see cref="long.MaxValue"/>).</summary>
    public long ExpandedSize { get; init; } = 1;

    /// <summary>Characters of every scalar with every alias expanded (saturates at <see cref="long.MaxValue"/>).</summary>
    public long ExpandedLength { get; init; }

    /// <summary>Nesting depth with every alias expanded (a scalar is 1).</summary>
    public int Depth { get; init; } = 1;
}

/// <summary>The Ruby class a plain scalar resolves to.</summary>
internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

/// <summary>A scalar; <see cref="Text"/> is Ruby's <c>to_s</c> of the revived value (<c>nil</c> is <c>""</c>).</summary>
internal sealed class YamlScalar : YamlValue
{
    public static readonly YamlScalar Null = new(ScalarKind.Null, "");

    public YamlScalar(ScalarKind kind, string text)
    {
        (Kind, Text) = (kind, text);
        ExpandedLength = text.Length;
    }

    public ScalarKind Kind { get; }
    public string Text { get; }
    public bool IsString => Kind == ScalarKind.String;
}

internal sealed class YamlSequence(IReadOnlyList<YamlValue> items) : YamlValue
{
    public IReadOnlyList<YamlValue> Items { get; } = items;
}

/// <summary>A mapping in insertion order; keys are the <c>to_s</c> of the revived keys.</summary>
internal sealed class YamlMapping : YamlValue
{
    private readonly Dictionary<string, YamlValue> _byKey;

    public YamlMapping(IReadOnlyList<KeyValuePair<string, YamlValue>> entries)
    {
        Entries = entries;
        _byKey = new Dictionary<string, YamlValue>(entries.Count, StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            _byKey[key] = value;
        }
    }

    public static YamlMapping Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, YamlValue>> Entries { get; }

    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    public YamlValue? this[string key] => _byKey.GetValueOrDefault(key);

    public bool TryGet(string key, out YamlValue value)
    {
        if (_byKey.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        value = YamlScalar.Null;
        return false;
    }
}
