using MassTransit;
using WvsMesh.Contracts.Tokens;
using WvsMesh.Tokens.Data;

namespace WvsMesh.Tokens.Consumers;

/// <summary>
/// Records a signed-out web UI session, answers once it is stored and tells every gateway replica (#13: sign-out ends the
/// session everywhere, not only at the replica that served it).
/// </summary>
internal sealed class SessionEndRequestedConsumer(SessionStore sessions, TimeProvider clock) : IConsumer<SessionEndRequested>
{
    public async Task Consume(ConsumeContext<SessionEndRequested> context)
    {
        var (userId, sessionId, expires) = context.Message;
        await sessions.EndAsync(userId, sessionId, expires, clock.GetUtcNow(), context.CancellationToken);
        var ended = new SessionEnded(userId, sessionId, expires);
        await context.Publish(ended, context.CancellationToken);
        await context.RespondAsync(ended);
    }
}
