using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults;
using WvsMesh.ServiceDefaults.Security;

namespace WvsMesh.Tokens.Data;

/// <summary>On first start with <c>WVS_ROOT_TOKEN</c> set, creates the <c>root</c> admin with that personal access token.</summary>
internal sealed class RootUserSeeder(UserStore users, IOptions<WvsOptions> options, ILogger<RootUserSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.RootToken) || await users.FindByUsernameAsync("root", cancellationToken) is not null)
        {
            return;
        }
        try
        {
            var id = await users.InsertWithTokenAsync("root", "Administrator", "admin@example.com", isAdmin: true,
                "WVS_ROOT_TOKEN", TokenDigest.Of(options.Value.RootToken), cancellationToken);
            TokensLog.RootCreated(logger, id);
        }
        catch (System.Data.Common.DbException e) when (ServiceDefaults.Data.DbErrors.IsUniqueViolation(e))
        {
            // Another replica created root first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
