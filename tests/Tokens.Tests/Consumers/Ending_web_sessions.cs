using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using WvsMesh.Contracts.Tokens;
using WvsMesh.TestKit;
using WvsMesh.Tokens.Consumers;
using WvsMesh.Tokens.Data;
using Xunit;

namespace WvsMesh.Tokens.Tests.Consumers;

/// <summary>
/// #13: signing out ends a web UI session at every gateway replica. Tokens records the session (its consumer, through
/// MassTransit's test harness, on each dialect's real database) and refuses it in every later identity request, while
/// the user's other sessions go on.
/// </summary>
public abstract class Ending_web_sessions(ConsumerHost host) : IAsyncDisposable
{
    [Fact]
    public async Task Signed_out_session_is_refused_and_the_users_other_sessions_are_not()
    {
        var (harness, userId) = await StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var ended = await harness.GetRequestClient<SessionEndRequested>()
            .GetResponse<SessionEnded>(new SessionEndRequested(userId, "session-a", DateTimeOffset.UtcNow.AddHours(8)), ct);
        var signedOut = await IdentityAsync(harness, userId, "session-a", ct);
        var other = await IdentityAsync(harness, userId, "session-b", ct);

        Assert.Equal(("session-a", userId), (ended.Message.SessionId, ended.Message.UserId));
        Assert.True(await harness.Published.Any<SessionEnded>(message => message.Context.Message.SessionId == "session-a", ct));
        Assert.Equal("session ended", Assert.IsType<CallerIdentityRejected>(signedOut).Reason);
        Assert.Equal(userId, Assert.IsType<CallerIdentityResolved>(other).UserId);
    }

    [Fact]
    public async Task Signing_out_twice_is_one_record_and_expired_records_are_dropped()
    {
        var (harness, userId) = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var store = host.Services.GetRequiredService<SessionStore>();
        var now = DateTimeOffset.UtcNow;

        await store.EndAsync(userId, "old", now.AddMinutes(1), now, ct);
        await store.EndAsync(userId, "twice", now.AddHours(1), now, ct);
        await store.EndAsync(userId, "twice", now.AddHours(1), now, ct);
        var oldBefore = await store.IsEndedAsync("old", ct);
        await store.EndAsync(userId, "later", now.AddHours(1), now.AddMinutes(2), ct); // "old" would have expired by then

        Assert.True(oldBefore);
        Assert.False(await store.IsEndedAsync("old", ct));
        Assert.True(await store.IsEndedAsync("twice", ct));
        Assert.True(await store.IsEndedAsync("later", ct));
        Assert.Equal("session ended", Assert.IsType<CallerIdentityRejected>(await IdentityAsync(harness, userId, "twice", ct)).Reason);
    }

    private static async Task<object> IdentityAsync(ITestHarness harness, long userId, string sessionId, CancellationToken ct)
    {
        var response = await harness.GetRequestClient<CallerIdentityRequested>().GetResponse<CallerIdentityResolved, CallerIdentityRejected>(
            new CallerIdentityRequested("", null) { UserId = userId, SessionId = sessionId }, ct);
        return response.Message;
    }

    private async Task<(ITestHarness Harness, long UserId)> StartAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.StartAsync(TokensModule.Database, typeof(TokensModule).Assembly, services =>
        {
            services.AddSingleton<SessionStore>();
            services.AddSingleton<UserStore>();
            services.AddSingleton<ProjectStore>();
        }, bus =>
        {
            bus.AddConsumer<SessionEndRequestedConsumer>();
            bus.AddConsumer<CallerIdentityRequestedConsumer>();
        }, ct);
        var user = await host.Services.GetRequiredService<UserStore>().InsertAsync(
            "signed-in", "Signed In", "signed-in@example.com", isAdmin: false, passwordDigest: null, ct);
        return (host.Harness, user?.Id ?? throw new InvalidOperationException("no user"));
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The all-in-one host's storage: SQLite.</summary>
public sealed class Ending_web_sessions_on_sqlite() : Ending_web_sessions(ConsumerHost.OnSqlite());

/// <summary>The distributed composition's storage: PostgreSQL.</summary>
public sealed class Ending_web_sessions_on_postgres() : Ending_web_sessions(ConsumerHost.OnPostgres());
