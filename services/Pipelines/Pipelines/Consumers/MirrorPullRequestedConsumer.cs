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
