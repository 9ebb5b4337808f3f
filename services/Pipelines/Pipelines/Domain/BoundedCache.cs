using System.Collections.Concurrent;

namespace WvsMesh.Pipelines.Domain;

/// <summary>
/// Values computed once per text (parsed expressions, compiled patterns) and shared by every request. The texts come from
/// users, so the cache holds at most <paramref name="capacity"/> of them: when full it starts over, which costs a
/// recompilation and never unbounded memory.
/// </summary>
internal sealed class BoundedCache<TValue>(int capacity)
{
    private readonly ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);

    public TValue GetOrAdd(string text, Func<string, TValue> compute)
    {
        if (_values.TryGetValue(text, out var known))
        {
            return known;
        }
        var value = compute(text);
        if (_values.Count >= capacity)
        {
            _values.Clear();
        }
        return _values.GetOrAdd(text, value);
    }
}
