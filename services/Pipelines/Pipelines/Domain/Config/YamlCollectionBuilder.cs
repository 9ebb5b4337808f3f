using YamlDotNet.Core;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// A sequence or mapping being read by <see cref="YamlTreeReader"/>: collects items or key/value pairs (a key arrives
/// first, then its value), applies Psych's merge-key rules and tracks the expanded size.
/// </summary>
internal sealed class YamlCollectionBuilder(bool isMapping, Mark start, string? anchor)
{
    private readonly List<YamlValue> _items = [];
    private readonly List<KeyValuePair<string, YamlValue>> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private string? _key;
    private bool _keyIsMerge;
    private int _depth;

    public bool IsMapping { get; } = isMapping;
    public Mark Start { get; } = start;
    public string? Anchor { get; } = anchor;
    public bool HasKey => _key is not null;
    public long ExpandedSize { get; private set; } = 1;
    public long ExpandedLength { get; private set; }

    public void Add(YamlValue value, bool isAlias, bool isMergeKey, Mark at)
    {
        ExpandedSize = Saturating(ExpandedSize, value.ExpandedSize);
        ExpandedLength = Saturating(ExpandedLength, value.ExpandedLength);
        _depth = Math.Max(_depth, value.Depth);
        if (!IsMapping)
        {
            _items.Add(value);
            return;
        }

        if (_key is null)
        {
            if (value is not YamlScalar scalar)
            {
                throw new CiConfigException($"(<unknown>): mapping keys must be scalars at line {at.Line} column {at.Column}");
            }

            _key = scalar.Text;
            _keyIsMerge = isMergeKey;
            return;
        }

        var key = _key;
        _key = null;
        if (_keyIsMerge)
        {
            Merge(value, isAlias);
        }
        else
        {
            Set(key, value);
        }
    }

    public YamlValue Complete() => IsMapping
        ? new YamlMapping(_entries) { ExpandedSize = ExpandedSize, ExpandedLength = ExpandedLength, Depth = _depth + 1 }
        : new YamlSequence(_items) { ExpandedSize = ExpandedSize, ExpandedLength = ExpandedLength, Depth = _depth + 1 };

    // Psych's revive_hash: a mapping (or alias) is merged; a literal sequence of mappings is merged with the
    // first one winning; anything else is stored under the "<<" key (Psych's TypeError fallback).
    private void Merge(YamlValue value, bool isAlias)
    {
        switch (value)
        {
            case YamlMapping mapping:
                foreach (var (key, item) in mapping.Entries)
                {
                    Set(key, item);
                }

                break;
            case YamlSequence sequence when !isAlias && sequence.Items.All(i => i is YamlMapping):
                var combined = new List<KeyValuePair<string, YamlValue>>();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = sequence.Items.Count - 1; i >= 0; i--)
                {
                    foreach (var (key, item) in ((YamlMapping)sequence.Items[i]).Entries)
                    {
                        if (seen.TryGetValue(key, out var at))
                        {
                            combined[at] = new(key, item);
                        }
                        else
                        {
                            seen[key] = combined.Count;
                            combined.Add(new(key, item));
                        }
                    }
                }

                foreach (var (key, item) in combined)
                {
                    Set(key, item);
                }

                break;
            default:
                Set("<<", value);
                break;
        }
    }

    private void Set(string key, YamlValue value)
    {
        if (_index.TryGetValue(key, out var at))
        {
            _entries[at] = new(key, value);
        }
        else
        {
            _index[key] = _entries.Count;
            _entries.Add(new(key, value));
        }
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
