namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// The file clauses of <c>rules</c> and <c>only/except</c>. <c>changes</c> is always satisfied when the pipeline has no
/// push diff (trigger, pipeline, API, web, schedule); <c>exists</c> asks the caller's file predicate. In <c>rules</c>,
/// <c>$VAR</c> references in the globs are expanded first (<c>ExpandVariables.expand_existing</c>).
/// </summary>
internal static class PathConditions
{
    public static bool ChangesSatisfied(IReadOnlyList<string> globs, SelectionContext context,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        if (context.ChangedPaths is null)
        {
            return true;
        }

        return globs.Select(g => Expand(g, variables)).Any(g => Glob.AnyMatch(context.ChangedPaths, g));
    }

    public static bool ExistsSatisfied(IReadOnlyList<string> globs, SelectionContext context,
        IReadOnlyDictionary<string, string>? variables = null) =>
        context.Exists is { } exists && globs.Select(g => Expand(g, variables)).Any(exists);

    private static string Expand(string glob, IReadOnlyDictionary<string, string>? variables) =>
        variables is null ? glob : VariableExpansion.ExpandExisting(glob, variables);
}
