using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace WvsMesh.Pipelines.Domain.Expressions;

/// <summary>
/// GitLab's <c>Gitlab::UntrustedRegexp</c>: an RE2 regex, emulated on .NET by translating RE2 syntax
/// (<see cref="Re2Translation"/>, the one validator of user patterns) and matching with .NET's linear-time engine
/// (<see cref="RegexOptions.NonBacktracking"/>), so no pattern can make a match backtrack (#13). <see cref="Source"/> is the
/// RE2 source, flags included as an inline prefix (<c>/a/im</c> → <c>(?im)a</c>); two regexes are equal when their sources are.
/// </summary>
internal sealed class UntrustedRegex
{
    // A linear-time match of a pattern RE2 accepts never comes near this; it only bounds a pathological pattern's size.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly Regex RubySyntax = new(@"\A/(?<regexp>.*)/(?<flags>[ismU]*)\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    // Building a NonBacktracking regex is costly, and pattern literals and variables holding "/re/" are compiled on every
    // evaluation; GitLab caches per request (SafeRequestStore). Bounded: the texts are the users'.
    private static readonly BoundedCache<UntrustedRegex?> PatternCache = new(1024);

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
            regex = new UntrustedRegex(source, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout));
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> is in Ruby regex syntax (<c>/body/flags</c>) at all, valid or not (GitLab's
    /// <c>RubySyntax.matches_syntax?</c>): such text is a pattern and must compile, other text is a plain string.
    /// </summary>
    public static bool HasPatternSyntax(string text) => RubySyntax.IsMatch(Unescaped(text));

    /// <summary>
    /// A pattern literal or a variable value in Ruby syntax (<c>/body/flags</c>, flags from <c>ismU</c>): every <c>\/</c>
    /// becomes <c>/</c>, then the body is compiled with the flags as an inline group. Null when <paramref name="text"/> is
    /// not in that syntax or RE2 refuses it — the one answer for configuration checks and evaluation alike.
    /// </summary>
    public static UntrustedRegex? FromPatternText(string text) => PatternCache.GetOrAdd(text, Compile);

    /// <summary>Unanchored search ("found anywhere"); an empty match counts.</summary>
    public bool IsMatch(string text)
    {
        try
        {
            return _regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ExpressionRuntimeException("Regular expression timed out");
        }
    }

    public override string ToString() => Source;

    private static string Unescaped(string text) => text.Replace(@"\/", "/", StringComparison.Ordinal);

    private static UntrustedRegex? Compile(string text)
    {
        var match = RubySyntax.Match(Unescaped(text));
        if (!match.Success)
        {
            return null;
        }

        var flags = match.Groups["flags"].Value;
        var source = flags.Length == 0 ? match.Groups["regexp"].Value : $"(?{flags}){match.Groups["regexp"].Value}";
        return TryCreate(source, out var regex) ? regex : null;
    }
}
