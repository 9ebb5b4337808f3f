using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// GitLab's <c>Gitlab::UntrustedRegexp</c>: an RE2 regex, emulated on .NET by translating RE2 syntax
/// (<see cref="Re2Translation"/>) and matching with a timeout. <see cref="Source"/> is the RE2 source, flags included as
/// an inline prefix (<c>/a/im</c> → <c>(?im)a</c>); two regexes are equal when their sources are.
/// </summary>
internal sealed class UntrustedRegex
{
    private const int CacheLimit = 512;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly Regex RubySyntax = new(@"\A/(?<regexp>.*)/(?<flags>[ismU]*)\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    // Variables holding "/re/" are compiled on every evaluation; GitLab caches per request (SafeRequestStore).
    private static readonly ConcurrentDictionary<string, UntrustedRegex?> PatternCache = new(StringComparer.Ordinal);

    private readonly Regex _regex;

    private UntrustedRegex(string source, Regex regex)
    {
        Source = source;
        _regex = regex;
    }

    public string Source { get; }

    /// <summary>Compiles an RE2 source; false when RE2 would reject it (look-around, back-references, bad syntax …).</summary>
    public static bool TryCreate(string source, [NotNullWhen(true)] out UntrustedRegex? regex)
    {
        regex = null;
        if (!Re2Translation.TryTranslate(source, out var pattern))
        {
            return false;
        }

        try
        {
            regex = new UntrustedRegex(source, new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A pattern literal or a variable value in Ruby syntax (<c>/body/flags</c>, flags from <c>ismU</c>): every <c>\/</c>
    /// becomes <c>/</c>, then the body is compiled with the flags as an inline group. Null when <paramref name="text"/> is
    /// not in that syntax or does not compile.
    /// </summary>
    public static UntrustedRegex? FromPatternText(string text)
    {
        if (PatternCache.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var compiled = Compile(text);
        if (PatternCache.Count >= CacheLimit)
        {
            PatternCache.Clear();
        }

        PatternCache[text] = compiled;
        return compiled;
    }

    /// <summary>Unanchored search ("found anywhere"); an empty match counts.</summary>
    public bool IsMatch(string text)
    {
        try
        {
            return _regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // RE2 runs in linear time; a backtracking blow-up here is treated as "does not match".
            throw new ExpressionRuntimeException("Regular expression timed out");
        }
    }

    public override string ToString() => Source;

    private static UntrustedRegex? Compile(string text)
    {
        var match = RubySyntax.Match(text.Replace(@"\/", "/", StringComparison.Ordinal));
        if (!match.Success)
        {
            return null;
        }

        var flags = match.Groups["flags"].Value;
        var source = flags.Length == 0 ? match.Groups["regexp"].Value : $"(?{flags}){match.Groups["regexp"].Value}";
        return TryCreate(source, out var regex) ? regex : null;
    }
}
