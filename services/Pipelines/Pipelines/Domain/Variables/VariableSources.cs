using WvsMesh.Pipelines.Domain.Config;

namespace WvsMesh.Pipelines.Domain.Variables;

/// <summary>
/// The variables an expression sees, by GitLab's precedence (reference gitlab-ci.md §6.1, lowest first, later wins):
/// predefined job &lt; predefined pipeline &lt; YAML (root ⊕ job ⊕ matched rule) &lt; project CI/CD variables &lt;
/// pipeline (trigger) variables. Raw values: rules see them unexpanded.
/// </summary>
internal sealed class VariableSources(
    IReadOnlyList<KeyValuePair<string, string>> predefinedPipeline,
    IReadOnlyList<KeyValuePair<string, string>> project,
    IReadOnlyList<KeyValuePair<string, string>> pipeline)
{
    /// <summary>What <c>workflow:rules</c> see.</summary>
    public IReadOnlyDictionary<string, string> ForWorkflow(IReadOnlyList<KeyValuePair<string, string>> rootVariables) =>
        Compose([], rootVariables, []);

    /// <summary>What a job's <c>rules</c> and <c>only:variables</c> see.</summary>
    public IReadOnlyDictionary<string, string> ForJob(CiJob job, IReadOnlyList<KeyValuePair<string, string>> rootVariables) =>
        Compose(PredefinedVariables.ForJob(job.Name, job.Stage, job.When), rootVariables, job.Variables);

    private Dictionary<string, string> Compose(
        IReadOnlyList<KeyValuePair<string, string>> predefinedJob,
        IReadOnlyList<KeyValuePair<string, string>> rootVariables,
        IReadOnlyList<KeyValuePair<string, string>> jobVariables)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { predefinedJob, predefinedPipeline, rootVariables, jobVariables, project, pipeline })
        {
            foreach (var (key, value) in source)
            {
                variables[key] = value;
            }
        }
        return variables;
    }
}
