using System.Globalization;

namespace WvsMesh.TriggerLookup;

/// <summary>
/// What one run measures: stored-token counts (one database and host each, all measured side by side), warm-up and
/// measured rounds (a round is one request of each kind to each host), and a time limit after which the run stops.
/// </summary>
internal sealed record BenchSettings(IReadOnlyList<int> Sizes, int Warmup, int Rounds, TimeSpan TimeLimit)
{
    /// <summary><c>--sizes 1000,100000 --warmup 1000 --rounds 5000 --minutes 15</c>; each is optional.</summary>
    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        int Number(string name, int fallback) =>
            values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var sizes = values.TryGetValue("sizes", out var list)
            ? list.Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture)).Order().ToList()
            : [1_000, 100_000];
        return new BenchSettings(sizes, Number("warmup", 1_000), Number("rounds", 5_000), TimeSpan.FromMinutes(Number("minutes", 15)));
    }
}
