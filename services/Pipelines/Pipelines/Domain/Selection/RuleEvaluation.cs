using WvsMesh.Pipelines.Domain.Config;
using WvsMesh.Pipelines.Domain.Expressions;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// GitLab's <c>Gitlab::Ci::Build::Rules#evaluate</c> (reference §2): the first rule whose clauses (<c>if</c>,
/// <c>changes</c>, <c>exists</c>) all hold decides; no <c>rules</c> key means the default <c>when</c>; nothing matching
/// (or <c>rules: []</c>) means <c>never</c> — the default <c>when</c> is not a fallback.
/// </summary>
internal static class RuleEvaluation
{
    public static RuleOutcome Evaluate(IReadOnlyList<CiRule>? rules, string defaultWhen,
        IReadOnlyDictionary<string, string> variables, SelectionContext context)
    {
        if (rules is null)
        {
            return new RuleOutcome(defaultWhen);
        }

        var rule = rules.FirstOrDefault(r => Matches(r, variables, context));
        if (rule is null)
        {
            return new RuleOutcome(RuleOutcome.Never);
        }

        return new RuleOutcome(rule.When ?? defaultWhen)
        {
            AllowFailure = rule.AllowFailure,
            StartIn = rule.StartIn,
            Variables = rule.Variables ?? [],
            Needs = rule.Needs,
        };
    }

    /// <summary>
    /// All clauses hold; a rule without clauses always matches. An <c>if</c> GitLab cannot parse never holds (its
    /// <c>truthful?</c> swallows the error); the configuration parser reports it as a syntax error beforehand.
    /// </summary>
    public static bool Matches(CiRule rule, IReadOnlyDictionary<string, string> variables, SelectionContext context) =>
        (rule.If is null || (Expression.TryParse(rule.If, out var expression) && expression.IsTruthful(variables)))
        && (rule.Changes is null || PathConditions.ChangesSatisfied(rule.Changes, context, variables))
        && (rule.Exists is null || PathConditions.ExistsSatisfied(rule.Exists, context, variables));
}
