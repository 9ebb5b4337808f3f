using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>Ready when a connection opens and answers <c>SELECT 1</c>.</summary>
internal sealed class DatabaseHealthCheck(DbDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (DbException e)
        {
            return HealthCheckResult.Unhealthy("database unreachable", e);
        }
    }
}
