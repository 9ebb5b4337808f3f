using MassTransit;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Consumers;

/// <summary>A finished job's <c>CI_JOB_TOKEN</c> stops working.</summary>
internal sealed class JobFinishedConsumer(JobTokenStore tokens, TimeProvider clock) : IConsumer<JobFinished>
{
    public Task Consume(ConsumeContext<JobFinished> context) =>
        tokens.FinishAsync(context.Message.JobId, clock.GetUtcNow(), context.CancellationToken);
}
