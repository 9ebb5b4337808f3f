using Npgsql;

namespace WvsMesh.BenchKit;

/// <summary>
/// Fresh PostgreSQL databases beside the one <c>WVS_BENCH_POSTGRES</c> names, one per service of a configuration; all
/// dropped when the configuration ends, so no configuration sees another's rows.
/// </summary>
public sealed class BenchDatabases(string server) : IAsyncDisposable
{
    private readonly List<string> _names = [];

    /// <summary>Creates <c>wvs_bench_&lt;service&gt;_&lt;guid&gt;</c> and returns its connection string.</summary>
    public async Task<string> CreateAsync(string service, CancellationToken ct)
    {
        var name = $"wvs_bench_{service}_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", ct); // the name is ours (a Guid), never input
        _names.Add(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var name in _names)
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        }
        _names.Clear();
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
