using MassTransit;
using WvsMesh.Contracts.Tokens;
using WvsMesh.ServiceDefaults.Identity;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Consumers;

/// <summary>
/// Tells the gateway who holds a personal access token and its scopes (or, for a web UI session not signed out, who a user
/// id is now), and their access to the route's project.
/// </summary>
internal sealed class CallerIdentityRequestedConsumer(UserStore users, ProjectStore projects, SessionStore sessions) : IConsumer<CallerIdentityRequested>
{
    public async Task Consume(ConsumeContext<CallerIdentityRequested> context)
    {
        var ct = context.CancellationToken;
        if (context.Message.SessionId is { } sessionId && await sessions.IsEndedAsync(sessionId, ct))
        {
            await context.RespondAsync(new CallerIdentityRejected("session ended"));
            return;
        }
        // A personal access token is restricted by its scopes; a web UI session by none (null).
        var holder = context.Message.UserId is null ? await users.FindByTokenDigestAsync(context.Message.TokenDigest, ct) : null;
        var user = context.Message.UserId is { } userId ? await users.FindByIdAsync(userId, ct) : holder?.Holder;
        var scopes = holder?.Scopes;
        if (user is null || !user.IsActive)
        {
            await context.RespondAsync(new CallerIdentityRejected(user is not null ? "user blocked" : context.Message.UserId is null ? "unknown token" : "unknown user"));
            return;
        }
        long? projectId = null;
        var access = AccessLevel.None;
        if (context.Message.ProjectRef is { Length: > 0 } projectRef && await projects.FindAsync(ProjectRef.Parse(projectRef), ct) is { } project)
        {
            projectId = project.Id;
            access = await projects.AccessOfAsync(project.Id, user.Id, ct);
        }
        await context.RespondAsync(new CallerIdentityResolved(user.Id, user.Username, user.IsAdmin, projectId, (int)access) { Scopes = scopes });
    }
}
