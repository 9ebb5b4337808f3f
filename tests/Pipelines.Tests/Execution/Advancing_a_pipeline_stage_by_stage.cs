using WvsMesh.Pipelines.Domain.Execution;
using Xunit;

namespace WvsMesh.Pipelines.Tests.Execution;

/// <summary>
/// Jobs run stage by stage (issue #6): a stage's jobs become pending when every earlier stage is done; <c>when</c> and
/// earlier failures decide pending or skipped; the pipeline's status follows its jobs.
/// </summary>
public sealed class Advancing_a_pipeline_stage_by_stage
{
    /// <summary>Jobs as "id:stage:status:when[:allow]" → expected changes "id=status" and pipeline status.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        // A new pipeline: the first stage starts, later ones wait.
        { "1:0:created:on_success 2:0:created:on_success 3:1:created:on_success", "1=pending 2=pending", "pending" },
        // A stage still running holds the next one back.
        { "1:0:running:on_success 2:0:success:on_success 3:1:created:on_success", "", "running" },
        // Every job of stage 0 succeeded: stage 1 starts, the pipeline is running.
        { "1:0:success:on_success 2:0:success:on_success 3:1:created:on_success", "3=pending", "running" },
        // All done.
        { "1:0:success:on_success 3:1:success:on_success", "", "success" },
        // A failure skips on_success jobs, starts on_failure and always jobs; the pipeline fails.
        { "1:0:failed:on_success 2:1:created:on_success 3:1:created:on_failure 4:1:created:always", "2=skipped 3=pending 4=pending", "running" },
        { "1:0:failed:on_success 2:1:skipped:on_success 3:1:success:on_failure", "", "failed" },
        // No failure: on_failure jobs are skipped.
        { "1:0:success:on_success 2:1:created:on_failure", "2=skipped", "success" },
        // allow_failure: a failed job does not fail the pipeline nor stop the next stage.
        { "1:0:failed:on_success:allow 2:1:created:on_success", "2=pending", "running" },
        { "1:0:failed:on_success:allow 2:1:success:on_success", "", "success" },
        // Manual jobs wait for a person and block nothing; a pipeline of only manual jobs is manual.
        { "1:0:manual:manual 2:1:created:on_success", "2=pending", "pending" },
        { "1:0:manual:manual 2:1:success:on_success", "", "success" },
        { "1:0:manual:manual", "", "manual" },
        // Stages need not be numbered from 0 or without gaps.
        { "7:3:created:on_success 8:5:created:on_success", "7=pending", "pending" },
        // A failure two stages back still skips on_success jobs.
        { "1:0:failed:on_success 2:1:skipped:on_success 3:2:created:on_success", "3=skipped", "failed" },
        // Canceled without allow_failure.
        { "1:0:canceled:on_success 2:1:created:on_success", "2=skipped", "canceled" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Jobs_start_stage_by_stage(string jobs, string changes, string pipelineStatus)
    {
        var progress = JobProgression.Advance(Parse(jobs));

        Assert.Equal(changes, string.Join(' ', progress.Changes.Select(change => $"{change.JobId}={change.Status}")));
        Assert.Equal(pipelineStatus, progress.PipelineStatus);
    }

    [Fact]
    public void A_pipeline_without_jobs_is_skipped() => Assert.Equal("skipped", JobProgression.Advance([]).PipelineStatus);

    private static List<JobState> Parse(string jobs) => [.. jobs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(job =>
    {
        var parts = job.Split(':');
        return new JobState(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2], parts[3], parts.Length > 4 && parts[4] == "allow");
    })];
}
