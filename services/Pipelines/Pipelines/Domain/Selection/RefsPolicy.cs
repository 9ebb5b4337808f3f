using WvsMesh.Pipelines.Domain.Expressions;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// GitLab's <c>Policy::Refs#satisfied_by?</c> (reference §4): any pattern matches. A pattern is split at its first
/// <c>@</c> into <c>pattern@project/path</c>; the path must equal the project's. Then <c>tags</c>/<c>branches</c>, the
/// pipeline source (without <c>_event</c>, singular or plural: <c>trigger</c>/<c>triggers</c>), and — for branch and tag
/// pipelines only — a <c>/regex/</c> searched in the short ref name or else the literal ref name.
/// </summary>
internal static class RefsPolicy
{
    public static bool IsSatisfied(IReadOnlyList<string> patterns, SelectionContext context) =>
        patterns.Any(p => Matches(p, context));

    private static bool Matches(string entry, SelectionContext context)
    {
        var at = entry.IndexOf('@', StringComparison.Ordinal);
        var pattern = at < 0 ? entry : entry[..at];
        if (at >= 0 && entry[(at + 1)..] != context.ProjectPath)
        {
            return false;
        }

        if ((context.IsTag && pattern == "tags") || (context.IsBranch && pattern == "branches"))
        {
            return true;
        }

        var source = SanitizedSource(context.Source);
        if (source.Length > 0 && (pattern == source || pattern == Pluralize(source)))
        {
            return true;
        }

        if (context.Source == "external_pull_request_event" && pattern == "merge_requests")
        {
            return true;
        }

        if (!context.IsBranch && !context.IsTag)
        {
            return false;
        }

        return UntrustedRegex.FromPatternText(pattern) is { } regex
            ? context.Ref.Length > 0 && IsMatch(regex, context.Ref)
            : pattern == context.Ref;
    }

    private static bool IsMatch(UntrustedRegex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (ExpressionRuntimeException)
        {
            return false;
        }
    }

    private static string SanitizedSource(string source) =>
        source.EndsWith("_event", StringComparison.Ordinal) ? source[..^"_event".Length] : source;

    // ActiveSupport's pluralize for the source names GitLab has (push → pushes, policy → policies, api → apis).
    private static string Pluralize(string word)
    {
        if (word.EndsWith("sh", StringComparison.Ordinal) || word.EndsWith("ch", StringComparison.Ordinal)
            || word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z'))
        {
            return word + "es";
        }

        return word.Length > 1 && word.EndsWith('y') && "aeiou".IndexOf(word[^2], StringComparison.Ordinal) < 0
            ? word[..^1] + "ies"
            : word + "s";
    }
}
