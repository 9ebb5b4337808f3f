using MassTransit;
using WvsMesh.Contracts.Tokens;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Consumers;

/// <summary>Records a running job's <c>CI_JOB_TOKEN</c> (its digest) so it can trigger pipelines, and says so.</summary>
internal sealed class JobTokenRegistrationRequestedConsumer(JobTokenStore tokens, TimeProvider clock) : IConsumer<JobTokenRegistrationRequested>
{
    public async Task Consume(ConsumeContext<JobTokenRegistrationRequested> context)
    {
        var job = context.Message;
        await tokens.RegisterAsync(job.TokenDigest, job.JobId, job.PipelineId, job.ProjectId, job.UserId, clock.GetUtcNow(), context.CancellationToken);
        await context.RespondAsync(new JobTokenRegistered(job.JobId));
    }
}
