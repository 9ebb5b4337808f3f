namespace WvsMesh.Pipelines.Domain.Execution;

/// <summary>A job as its pipeline's progression sees it.</summary>
internal sealed record JobState(long Id, int StageIdx, string Status, string When, bool AllowFailure);

/// <summary>What changes: jobs that become <c>pending</c> or <c>skipped</c>, and the pipeline's status.</summary>
internal sealed record Progress(IReadOnlyList<(long JobId, string Status)> Changes, string PipelineStatus);

/// <summary>
/// GitLab's stage-by-stage processing, as a pure function: a stage starts when every earlier stage is complete. Then a
/// <c>created</c> job becomes <c>pending</c> or <c>skipped</c> by its <c>when</c> and whether an earlier job failed (one
/// without <c>allow_failure</c>): <c>on_success</c> runs only if none did, <c>on_failure</c> only if one did, <c>always</c>
/// either way. Manual jobs wait for a person and block nothing. The pipeline's status follows its jobs.
/// </summary>
internal static class JobProgression
{
    private static readonly HashSet<string> Finished = ["success", "failed", "canceled", "skipped"];

    public static Progress Advance(IReadOnlyList<JobState> jobs)
    {
        var current = jobs.ToDictionary(job => job.Id, job => job.Status);
        var changes = new List<(long, string)>();
        var failedBefore = false;
        foreach (var stage in jobs.GroupBy(job => job.StageIdx).OrderBy(group => group.Key))
        {
            foreach (var job in stage.Where(job => current[job.Id] == "created"))
            {
                var status = job.When switch
                {
                    "always" => "pending",
                    "on_failure" => failedBefore ? "pending" : "skipped",
                    _ => failedBefore ? "skipped" : "pending",
                };
                current[job.Id] = status;
                changes.Add((job.Id, status));
            }
            if (stage.Any(job => !IsSettled(current[job.Id])))
            {
                break;
            }
            failedBefore |= stage.Any(job => Blocks(job, current[job.Id]));
        }
        return new Progress(changes, PipelineStatus(jobs, current));
    }

    private static string PipelineStatus(IReadOnlyList<JobState> jobs, Dictionary<long, string> current)
    {
        var statuses = jobs.Select(job => current[job.Id]).ToList();
        if (statuses.Count == 0)
        {
            return "skipped";
        }
        if (statuses.Contains("running") || (statuses.Contains("pending") && statuses.Any(status => status is "success" or "failed")))
        {
            return "running";
        }
        if (statuses.Contains("pending"))
        {
            return "pending";
        }
        if (statuses.Contains("created"))
        {
            return "created";
        }
        if (jobs.Any(job => current[job.Id] == "canceled" && !job.AllowFailure))
        {
            return "canceled";
        }
        if (jobs.Any(job => Blocks(job, current[job.Id])))
        {
            return "failed";
        }
        if (statuses.All(status => status == "manual"))
        {
            return "manual";
        }
        return statuses.Any(status => status == "success" || status == "failed") ? "success" : "skipped";
    }

    /// <summary>Done, or a manual job nobody has started (it blocks no later stage).</summary>
    private static bool IsSettled(string status) => Finished.Contains(status) || status == "manual";

    private static bool Blocks(JobState job, string status) => status is "failed" or "canceled" && !job.AllowFailure;

    /// <summary>True once nothing in the pipeline will run any more.</summary>
    public static bool IsFinal(string pipelineStatus) => pipelineStatus is "success" or "failed" or "canceled" or "skipped" or "manual";
}
