using WvsMesh.Pipelines.Domain.Config;

namespace WvsMesh.Pipelines.Domain.Selection;

/// <summary>
/// Which jobs a pipeline gets (reference §3.2): <c>workflow:rules</c>, then each job's <c>rules</c> or
/// <c>only</c>/<c>except</c>, then <c>needs</c> on removed jobs, then "nothing left outside <c>.pre</c>/<c>.post</c>".
/// </summary>
internal static class JobSelection
{
    public const string EmptyPipelineMessage =
        "The resulting pipeline would have been empty. Review the rules configuration for the relevant jobs.";

    /// <summary>
    /// Selects jobs. <paramref name="jobVariables"/> gives the variables a job's rules see — raw, later sources applied
    /// — given the job and the pipeline's root variables (root <c>variables:</c> with <c>workflow:rules:variables</c>
    /// merged in), so that job rules see workflow rule variables as GitLab's do.
    /// </summary>
    public static JobSelectionResult Select(CiConfig config, SelectionContext context,
        Func<CiJob, IReadOnlyList<KeyValuePair<string, string>>, IReadOnlyDictionary<string, string>> jobVariables)
    {
        var workflow = WorkflowEvaluation.Evaluate(config.WorkflowRules, context);
        if (!workflow.Runs)
        {
            return JobSelectionResult.Failed(WorkflowEvaluation.FilteredMessage);
        }

        var rootVariables = Merge(config.Variables, workflow.Variables);
        var hasWorkflowRules = config.WorkflowRules is not null;
        var selected = new List<SelectedJob>();
        foreach (var job in config.Jobs)
        {
            var variables = jobVariables(job, rootVariables);
            if (Select(job, hasWorkflowRules, context, variables) is { } chosen)
            {
                selected.Add(chosen);
            }
        }

        var needsErrors = NeedsErrors(selected);
        if (needsErrors.Count > 0)
        {
            return JobSelectionResult.Failed(string.Join("\n", needsErrors));
        }

        if (!selected.Any(j => j.Job.Stage is not (".pre" or ".post")))
        {
            return JobSelectionResult.Failed(EmptyPipelineMessage);
        }

        return new JobSelectionResult(selected, rootVariables, null);
    }

    /// <summary><see cref="Select(CiConfig, SelectionContext, Func{CiJob, IReadOnlyList{KeyValuePair{string, string}}, IReadOnlyDictionary{string, string}})"/> for callers that compose job variables themselves.</summary>
    public static JobSelectionResult Select(CiConfig config, SelectionContext context,
        Func<CiJob, IReadOnlyDictionary<string, string>> jobVariables) =>
        Select(config, context, (job, _) => jobVariables(job));

    /// <summary>One job: null when its rules or only/except leave it out.</summary>
    public static SelectedJob? Select(CiJob job, bool hasWorkflowRules, SelectionContext context,
        IReadOnlyDictionary<string, string> variables)
    {
        if (job.Rules is null)
        {
            if (job.When == RuleOutcome.Never || !OnlyExcept.Includes(job, hasWorkflowRules, context, variables))
            {
                return null;
            }

            return new SelectedJob(job, job.When, job.AllowFailure)
            {
                StartIn = job.StartIn,
                Variables = job.Variables,
                Needs = job.Needs,
            };
        }

        var outcome = RuleEvaluation.Evaluate(job.Rules, job.When, variables, context);
        if (!outcome.Pass)
        {
            return null;
        }

        return new SelectedJob(job, outcome.When, outcome.AllowFailure ?? job.AllowFailure)
        {
            StartIn = outcome.StartIn ?? job.StartIn,
            Variables = Merge(job.Variables, outcome.Variables),
            Needs = outcome.Needs ?? job.Needs,
        };
    }

    /// <summary>GitLab's <c>merge_variables(current, new)</c>: <c>(new + current).uniq(key)</c> — new values win.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Merge(
        IReadOnlyList<KeyValuePair<string, string>> current, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        if (overrides.Count == 0)
        {
            return current;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return overrides.Concat(current).Where(kv => seen.Add(kv.Key)).ToList();
    }

    // Seed::Build#needs_errors, newest wording (reference §2.8).
    private static List<string> NeedsErrors(List<SelectedJob> selected)
    {
        var names = selected.Select(j => j.Job.Name).ToHashSet(StringComparer.Ordinal);
        return selected
            .SelectMany(job => (job.Needs ?? []).Where(n => !n.Optional && !names.Contains(n.Job))
                .Select(need => $"'{job.Job.Name}' job needs '{need.Job}' job, but '{need.Job}' does not exist in the " +
                    "pipeline. This might be because of the only, except, or rules keywords. To need a job that " +
                    "sometimes does not exist in the pipeline, use needs:optional."))
            .ToList();
    }
}
