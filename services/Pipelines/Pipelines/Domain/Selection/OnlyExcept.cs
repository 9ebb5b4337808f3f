using WvsMesh.Pipelines.Domain.Config;
using WvsMesh.Pipelines.Domain.Expressions;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// <c>only</c>/<c>except</c> (reference §4): included when every present key of <c>only</c> holds and no present key of
/// <c>except</c> does. Within a key, entries are OR-ed. The default <c>only: {refs: [branches, tags]}</c> applies to a job
/// without <c>only</c>, and its <c>refs</c> are deep-merged into an <c>only</c> hash that has none; the default is dropped
/// when the job has <c>rules</c> or the file has <c>workflow:rules</c>.
/// </summary>
internal static class OnlyExcept
{
    public static readonly CiPolicy DefaultOnly = new() { Refs = ["branches", "tags"] };

    /// <summary>The <c>only</c> policy GitLab evaluates for <paramref name="job"/>; null when there is none.</summary>
    public static CiPolicy? EffectiveOnly(CiJob job, bool hasWorkflowRules)
    {
        if (job.Only is { } only)
        {
            return only.Refs is null ? only with { Refs = DefaultOnly.Refs } : only;
        }

        return job.Rules is null && !hasWorkflowRules ? DefaultOnly : null;
    }

    public static bool Includes(CiJob job, bool hasWorkflowRules, SelectionContext context,
        IReadOnlyDictionary<string, string> variables) =>
        Includes(EffectiveOnly(job, hasWorkflowRules), job.Except, context, variables);

    public static bool Includes(CiPolicy? only, CiPolicy? except, SelectionContext context,
        IReadOnlyDictionary<string, string> variables) =>
        (only is null || Conditions(only, context, variables).All(c => c()))
        && (except is null || !Conditions(except, context, variables).Any(c => c()));

    // One condition per present key, like Policy.fabricate's specifications.
    private static IEnumerable<Func<bool>> Conditions(CiPolicy policy, SelectionContext context,
        IReadOnlyDictionary<string, string> variables)
    {
        if (policy.Refs is { } refs)
        {
            yield return () => RefsPolicy.IsSatisfied(refs, context);
        }

        if (policy.Variables is { } expressions)
        {
            yield return () => expressions.Any(e => Expression.TryParse(e, out var x) && x.IsTruthful(variables));
        }

        if (policy.Changes is { } changes)
        {
            yield return () => PathConditions.ChangesSatisfied(changes, context);
        }

        if (policy.Kubernetes is not null)
        {
            // kubernetes: active needs a deployment platform; WvsMesh projects have none.
            yield return () => false;
        }
    }
}
