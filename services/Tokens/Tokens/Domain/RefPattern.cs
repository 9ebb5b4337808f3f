using System.Text.RegularExpressions;

namespace WvsMesh.Tokens.Domain;

/// <summary>
/// GitLab's protected-ref names: an exact name, or a wildcard pattern where <c>*</c> matches any characters, slashes
/// included (<c>release/*</c>, <c>*-stable</c>) — GitLab's <c>RefMatcher</c>.
/// </summary>
internal static class RefPattern
{
    public static bool Matches(string pattern, string refName)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return pattern == refName;
        }
        var regex = "^" + string.Join(".*?", pattern.Split('*').Select(Regex.Escape)) + "$";
        return Regex.IsMatch(refName, regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>The bare ref name of a trigger's ref (<c>refs/heads/x</c> and <c>refs/tags/x</c> name <c>x</c>).</summary>
    public static string BareName(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
        : reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? reference["refs/tags/".Length..]
        : reference;
}
