using System.Text.RegularExpressions;

namespace WvsMesh.Pipelines.Domain.Config;

/// <summary>
/// Whether an <c>only</c>/<c>except</c> ref pattern written as <c>/body/flags</c> is a regular expression GitLab
/// accepts (<c>Gitlab::UntrustedRegexp::RubySyntax</c>: RE2, flags <c>i m s U</c>). RE2 has no look-around,
/// back-references, atomic groups, conditionals or <c>\G</c>, so those are refused before .NET compiles the rest.
/// </summary>
internal static partial class Re2Syntax
{
    /// <summary>True when <paramref name="text"/> has regular-expression syntax (<c>/…/flags</c>).</summary>
    public static bool LooksLikeRegex(string text) => Slashed().IsMatch(text);

    public static bool IsValid(string text)
    {
        var match = Slashed().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var body = match.Groups[1].Value;
        if (HasUnsupportedConstruct(body))
        {
            return false;
        }

        try
        {
            _ = new Regex(body.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool HasUnsupportedConstruct(string body)
    {
        var inClass = false;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length)
            {
                var next = body[i + 1];
                if (!inClass && (next is >= '1' and <= '9' or 'k' or 'g' or 'G'))
                {
                    return true;
                }

                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                if (i + 1 < body.Length && body[i + 1] == ']')
                {
                    i++;
                }

                continue;
            }

            if (c == '(' && i + 2 < body.Length && body[i + 1] == '?' && IsUnsupportedGroup(body.AsSpan(i + 2)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsupportedGroup(ReadOnlySpan<char> rest) =>
        rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!")
        || rest.StartsWith(">") || rest.StartsWith("(");

    [GeneratedRegex(@"\A/(.*)/([ismU]*)\z", RegexOptions.Singleline)]
    private static partial Regex Slashed();
}
