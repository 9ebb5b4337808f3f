using WvsMesh.Pipelines.Domain.Config;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// <c>Chain::EvaluateWorkflowRules</c> (reference §3.1): <c>Rules.new(workflow_rules, default_when: 'always')</c> in the
/// global context. No <c>workflow:rules</c> ⇒ run; a matching rule without <c>when</c> ⇒ <c>always</c>; <c>never</c> or no
/// rule matching ⇒ the pipeline is not created. The global context drops <c>CI_JOB*</c>/<c>CI_BUILD*</c> variables.
/// </summary>
internal static class WorkflowEvaluation
{
    public const string FilteredMessage =
        "The pipeline did not run. Review the workflow:rules configuration for the pipeline.";

    public static WorkflowOutcome Evaluate(IReadOnlyList<CiRule>? rules, SelectionContext context)
    {
        if (rules is null)
        {
            return new WorkflowOutcome(true, []);
        }

        var variables = GlobalVariables(context.Variables);
        var outcome = RuleEvaluation.Evaluate(rules, "always", variables, context);
        return new WorkflowOutcome(outcome.Pass, outcome.Pass ? outcome.Variables : []);
    }

    private static IReadOnlyDictionary<string, string> GlobalVariables(IReadOnlyDictionary<string, string> variables) =>
        variables.Keys.Any(IsJobVariable)
            ? variables.Where(kv => !IsJobVariable(kv.Key)).ToDictionary(StringComparer.Ordinal)
            : variables;

    private static bool IsJobVariable(string key) =>
        key.StartsWith("CI_JOB", StringComparison.Ordinal) || key.StartsWith("CI_BUILD", StringComparison.Ordinal);
}
