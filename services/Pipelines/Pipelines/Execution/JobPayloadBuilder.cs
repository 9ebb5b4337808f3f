using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WvsMesh.Pipelines.Data;
using WvsMesh.Pipelines.Domain.Selection;
using WvsMesh.Pipelines.Domain.Variables;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Repositories;

namespace WvsMesh.Pipelines.Execution;

/// <summary>
/// A claimed job as its runner gets it: the commit to check out, the commands, and the job's full variable list, by
/// GitLab's precedence (lowest first, later wins): predefined &lt; YAML &lt; project CI/CD variables &lt; pipeline
/// (trigger) variables, then <c>$VAR</c> references expanded (raw ones left alone).
/// </summary>
internal sealed class JobPayloadBuilder(PipelineStore pipelines, ProjectVariableStore projectVariables, IOptions<WvsOptions> wvs)
{
    public const int TimeoutSeconds = 3600;

    /// <summary>The job's payload; null when its pipeline has no repository to fetch (one from before runners existed).</summary>
    public async Task<JobPayload?> BuildAsync(JobRecord job, PipelineRecord pipeline, string jobToken, long runnerId, CancellationToken ct)
    {
        if (pipeline.RepositoryUrl is not { } repository)
        {
            return null;
        }
        var server = wvs.Value.ExternalUrl;
        var projectName = pipeline.ShortProjectName;
        var variables = new List<ExpandableVariable>();
        var flags = new Dictionary<string, (bool Public, bool Masked)>(StringComparer.Ordinal);
        void Add(IEnumerable<KeyValuePair<string, string>> source, bool isPublic, bool masked = false)
        {
            foreach (var (key, value) in source)
            {
                variables.Add(new ExpandableVariable(key, value));
                flags[key] = (isPublic, masked);
            }
        }

        Add(PredefinedVariables.ForJob(job.Name, job.Stage, job.RunWhen), isPublic: true);
        Add(PredefinedVariables.ForPipeline(pipeline.Facts(server)), isPublic: true);
        Add(RunTime(job, pipeline, runnerId, repository, server), isPublic: true);
        Add([new("CI_JOB_TOKEN", jobToken)], isPublic: false, masked: true);
        Add(YamlVariables(job), isPublic: true);
        foreach (var variable in await projectVariables.ListForRefAsync(job.ProjectId, pipeline.RefProtected, ct))
        {
            variables.Add(new ExpandableVariable(variable.Key, variable.Value, variable.Raw, variable.VariableType == "file"));
            flags[variable.Key] = (false, variable.Masked);
        }
        foreach (var variable in await pipelines.VariablesAsync(pipeline.Id, ct))
        {
            // Trigger variables and TRIGGER_PAYLOAD(_RAW) are raw: what the caller sent is what the job gets.
            variables.Add(new ExpandableVariable(variable.Key, variable.Value, Raw: true, File: variable.VariableType == "file"));
            flags[variable.Key] = (false, false);
        }

        var expanded = VariableExpansion.SortAndExpandAll(Latest(variables), keepUndefined: true);
        return new JobPayload(
            job.Id,
            jobToken,
            true,
            new JobInfo(job.Id, job.Name, job.Stage, job.ProjectId, projectName),
            new GitInfo(repository, pipeline.Ref, pipeline.Sha, new string('0', 40), pipeline.Tag ? "tag" : "branch", [], 0),
            new RunnerInfo(TimeoutSeconds),
            [.. expanded.Variables.Select(v => new JobVariable(v.Key, v.Value, flags[v.Key].Public, v.File, flags[v.Key].Masked))],
            Steps(job),
            null, [], [], [], [], [],
            new Dictionary<string, bool> { ["trace_sections"] = false });
    }

    /// <summary>One entry per key, where the highest-precedence definition stood last.</summary>
    private static List<ExpandableVariable> Latest(List<ExpandableVariable> variables)
    {
        var last = new Dictionary<string, ExpandableVariable>(StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            last.Remove(variable.Key);
            last[variable.Key] = variable;
        }
        return [.. last.Values];
    }

    private static List<JobStep> Steps(JobRecord job)
    {
        var steps = new List<JobStep> { new("script", Commands(job.Script), TimeoutSeconds, "on_success", job.AllowFailure) };
        if (Commands(job.AfterScript) is { Count: > 0 } after)
        {
            steps.Add(new JobStep("after_script", after, TimeoutSeconds, "always", true));
        }
        return steps;
    }

    private static List<string> Commands(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    private static IEnumerable<KeyValuePair<string, string>> YamlVariables(JobRecord job) =>
        (JsonSerializer.Deserialize<List<YamlVariable>>(job.YamlVariables, YamlJson) ?? []).Select(v => new KeyValuePair<string, string>(v.Key, v.Value));

    private static readonly JsonSerializerOptions YamlJson = new(JsonSerializerDefaults.Web);

    private sealed record YamlVariable(string Key, string Value);

    private static List<KeyValuePair<string, string>> RunTime(JobRecord job, PipelineRecord pipeline, long runnerId, string repository, string server)
    {
        string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            new("CI_JOB_ID", Text(job.Id)),
            new("CI_JOB_URL", $"{server}/{pipeline.ProjectPath}/-/jobs/{job.Id}"),
            new("CI_JOB_STARTED_AT", (job.StartedAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("CI_PIPELINE_ID", Text(pipeline.Id)),
            new("CI_PIPELINE_URL", $"{server}/{pipeline.ProjectPath}/-/pipelines/{pipeline.Id}"),
            new("CI_RUNNER_ID", Text(runnerId)),
            new("CI_SERVER_HOST", new Uri(server).Host),
            // The runner fetches with the import URL as given; a job sees it without its credentials (#13).
            new("CI_REPOSITORY_URL", ImportSource.WithoutUserInfo(repository)),
        ];
    }
}
