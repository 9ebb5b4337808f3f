using MassTransit;
using WvsMesh.Contracts.Tokens;
using WvsMesh.Gateway.Edge;
using WvsMesh.Gateway.Ui;

namespace WvsMesh.Gateway.Consumers;

/// <summary>A revoked personal access token stops working at once, not when the cache entry would have expired.</summary>
internal sealed class PersonalAccessTokenRevokedConsumer(IdentityCache cache) : IConsumer<PersonalAccessTokenRevoked>
{
    public Task Consume(ConsumeContext<PersonalAccessTokenRevoked> context)
    {
        cache.Evict(context.Message.UserId);
        return Task.CompletedTask;
    }
}

/// <summary>A blocked user is refused at once.</summary>
internal sealed class UserStateChangedConsumer(IdentityCache cache) : IConsumer<UserStateChanged>
{
    public Task Consume(ConsumeContext<UserStateChanged> context)
    {
        cache.Evict(context.Message.UserId);
        return Task.CompletedTask;
    }
}

/// <summary>A changed role takes effect at once.</summary>
internal sealed class ProjectMemberChangedConsumer(IdentityCache cache) : IConsumer<ProjectMemberChanged>
{
    public Task Consume(ConsumeContext<ProjectMemberChanged> context)
    {
        cache.Evict(context.Message.UserId);
        return Task.CompletedTask;
    }
}

/// <summary>A session signed out at any replica is refused at this one too, from the next request on.</summary>
internal sealed class SessionEndedConsumer(IdentityCache cache, SessionTokens sessions) : IConsumer<SessionEnded>
{
    public Task Consume(ConsumeContext<SessionEnded> context)
    {
        sessions.Ended(context.Message.SessionId, context.Message.Expires);
        cache.Evict(context.Message.UserId);
        return Task.CompletedTask;
    }
}
