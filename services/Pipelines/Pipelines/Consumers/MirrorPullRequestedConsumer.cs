using MassTransit;
using WvsMesh.Contracts.Pipelines;
using WvsMesh.Pipelines.Repositories;

namespace WvsMesh.Pipelines.Consumers;

/// <summary>Drops this replica's refs of the project, so its next trigger fetches the source (<see cref="MirrorPullRequested"/>).</summary>
internal sealed class MirrorPullRequestedConsumer(RepositoryMirror mirror) : IConsumer<MirrorPullRequested>
{
    public Task Consume(ConsumeContext<MirrorPullRequested> context)
    {
        mirror.Forget(context.Message.ProjectId);
        return Task.CompletedTask;
    }
}

/// <summary>Every replica holds its own refs, so each gets every request: a temporary queue per process.</summary>
internal sealed class MirrorPullRequestedConsumerDefinition : ConsumerDefinition<MirrorPullRequestedConsumer>
{
    private static readonly string ProcessInstance = NewId.Next().ToString("N")[..12];

    public MirrorPullRequestedConsumerDefinition() => Endpoint(endpoint =>
    {
        endpoint.Temporary = true;
        endpoint.InstanceId = ProcessInstance;
    });
}
