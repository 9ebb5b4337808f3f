using MassTransit;
using WvsMesh.Contracts.Tokens;
using WvsMesh.Tokens.Data;
using WvsMesh.Tokens.Domain;

namespace WvsMesh.Tokens.Consumers;

/// <summary>
/// Checks a web UI sign-in (#7). Every refusal looks the same to the gateway and takes as long as a wrong password: an
/// unknown user or one without a password is checked against a decoy digest, so timing tells no one which usernames exist.
/// </summary>
internal sealed class PasswordSignInRequestedConsumer(UserStore users) : IConsumer<PasswordSignInRequested>
{
    private const string Refusal = "invalid username or password";

    private static readonly string Decoy = PasswordDigest.Of(Guid.NewGuid().ToString("N"));

    public async Task Consume(ConsumeContext<PasswordSignInRequested> context)
    {
        var (username, password) = (context.Message.Username, context.Message.Password);
        var user = await users.FindCredentialsAsync(username, context.CancellationToken);
        var matches = PasswordDigest.Verify(password, user?.PasswordDigest ?? Decoy);
        if (user is null || user.PasswordDigest is null || !matches || !user.IsActive)
        {
            await context.RespondAsync(new CallerIdentityRejected(Refusal));
            return;
        }
        await context.RespondAsync(new CallerIdentityResolved(user.Id, user.Username, user.IsAdmin, ProjectId: null, AccessLevel: 0));
    }
}
