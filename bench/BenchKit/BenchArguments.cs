using System.Globalization;

namespace WvsMesh.BenchKit;

/// <summary>
/// A benchmark's command line: <c>--name value</c> pairs of known names, or <c>--help</c>. Every problem is kept as
/// <see cref="Error"/> (the first one), so a run never starts on a misread option.
/// </summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values;

    private BenchArguments(Dictionary<string, string> values) => _values = values;

    /// <summary>The first problem found, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// The pairs, or null for <c>--help</c> (<paramref name="error"/> null) and for a malformed or unknown argument
    /// (<paramref name="error"/> says which).
    /// </summary>
    public static BenchArguments? Parse(string[] args, IReadOnlyCollection<string> names, out string? error)
    {
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                return null;
            }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"unexpected argument: {args[i]}";
                return null;
            }
            values[args[i][2..]] = args[++i];
        }
        if (values.Keys.Except(names).FirstOrDefault() is { } unknown)
        {
            error = $"unknown option: --{unknown}";
            return null;
        }
        return new BenchArguments(values);
    }

    /// <summary>The value of <c>--name</c>, or null when it is not given.</summary>
    public string? Text(string name) => _values.GetValueOrDefault(name);

    /// <summary>
    /// The whole number <c>--name</c> gives, <paramref name="fallback"/> when it is not given; outside
    /// <paramref name="min"/>..<paramref name="max"/> or not a number, <paramref name="fallback"/> with <see cref="Error"/> set.
    /// </summary>
    public int Number(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        Fail($"--{name} must be a whole number from {min} to {max}: {text}");
        return fallback;
    }

    /// <summary>Records a problem the caller found (kept only if it is the first).</summary>
    public void Fail(string problem) => Error ??= problem;
}
