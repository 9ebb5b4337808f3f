using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WvsMesh.ServiceDefaults.Identity;

namespace WvsMesh.Tokens.Api;

/// <summary>
/// GitLab limits trigger-token management per user (300 requests a minute); so does WvsMesh
/// (<see cref="TokensOptions.ManagementRequestsPerMinute"/>).
/// </summary>
internal static class TriggerManagementLimit
{
    public static RateLimitPartition<long> Partition(HttpContext context)
    {
        var perMinute = context.RequestServices.GetRequiredService<IOptions<TokensOptions>>().Value.ManagementRequestsPerMinute;
        // Callers without an identity are answered 401 whatever their number; only users are counted.
        if (SignedIdentityFilter.Read(context)?.UserId is not { } userId)
        {
            return RateLimitPartition.GetNoLimiter(0L);
        }
        return RateLimitPartition.GetFixedWindowLimiter(userId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
