using MassTransit;
using Microsoft.Extensions.Options;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Pipelines.Creation;
using WvsMesh.Pipelines.Data;
using WvsMesh.Pipelines.Execution;
using WvsMesh.ServiceDefaults;

namespace WvsMesh.Pipelines.Consumers;

/// <summary>Creates the requested pipeline (once per request id), then answers and announces it: commit first, publish after.</summary>
internal sealed class PipelineRequestedConsumer(PipelineCreator creator, JobStore jobs, JobQueueSignal queue, IOptions<WvsOptions> wvs) : IConsumer<PipelineRequested>
{
    public async Task Consume(ConsumeContext<PipelineRequested> context)
    {
        var request = context.Message;
        switch (await creator.CreateOnceAsync(request, context.CancellationToken))
        {
            case CreationOutcome.Created created:
                // Its first stage is pending: wake the runners waiting here.
                queue.Notify();
                var answer = new PipelineCreated(request.RequestId, created.Pipeline.ToSnapshot(wvs.Value.ExternalUrl))
                {
                    ProjectPath = request.ProjectPath,
                    ProjectName = request.ProjectName,
                    DefaultBranch = request.DefaultBranch,
                    Jobs = created.Jobs is { } made
                        ? [.. made.Select(JobSnapshots.ToSnapshot)]
                        : await jobs.SnapshotsAsync(request.ProjectId, created.Pipeline.Id, context.CancellationToken),
                };
                await context.Publish(answer, context.CancellationToken);
                await context.RespondAsync(answer);
                break;
            case CreationOutcome.Rejected rejected:
                await context.RespondAsync(new PipelineRejected(request.RequestId, request.ProjectId, rejected.Message, rejected.FailedPipelineId)
                {
                    RetryAfterSeconds = rejected.RetryAfterSeconds,
                });
                break;
        }
    }
}

/// <summary>Bounds how many pipelines one replica creates at once (git and the database are the limits).</summary>
internal sealed class PipelineRequestedConsumerDefinition : ConsumerDefinition<PipelineRequestedConsumer>
{
    public PipelineRequestedConsumerDefinition() => ConcurrentMessageLimit = 16;
}
