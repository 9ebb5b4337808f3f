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
        // Matched segment by segment, left to right (the earliest place each one fits is always a right choice when `*`
        // is the only wildcard): time linear in the name per segment, never a backtracking regex (#13).
        var segments = pattern.Split('*');
        var first = segments[0];
        var last = segments[^1];
        if (refName.Length < first.Length + last.Length
            || !refName.StartsWith(first, StringComparison.Ordinal)
            || !refName.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }
        var position = first.Length;
        var end = refName.Length - last.Length;
        foreach (var segment in segments.AsSpan(1, segments.Length - 2))
        {
            var found = refName.AsSpan(position, end - position).IndexOf(segment, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            position += found + segment.Length;
        }
        return true;
    }

    /// <summary>The bare ref name of a trigger's ref (<c>refs/heads/x</c> and <c>refs/tags/x</c> name <c>x</c>).</summary>
    public static string BareName(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
        : reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? reference["refs/tags/".Length..]
        : reference;
}
