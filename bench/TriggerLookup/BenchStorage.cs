using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Npgsql;
using WvsMesh.ServiceDefaults.Data;
using WvsMesh.Tokens;

namespace WvsMesh.TriggerLookup;

/// <summary>
/// Where the Tokens database of one run lives: a SQLite file in a fresh temporary data directory, or a fresh PostgreSQL
/// database next to the one <c>WVS_BENCH_POSTGRES</c> names. Either is removed when the run ends.
/// </summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly Func<Task> _remove;

    private BenchStorage(string name, bool isPostgres, Dictionary<string, string?> settings, Action<IHostApplicationBuilder> place, Func<Task> remove)
    {
        Name = name;
        IsPostgres = isPostgres;
        Settings = settings;
        Place = place;
        _remove = remove;
    }

    public string Name { get; }

    public bool IsPostgres { get; }

    /// <summary>Configuration the host needs for this storage.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The host's storage call: <c>AddEmbeddedStorage()</c> or <c>AddPostgres("tokens")</c>, as the real hosts make it.</summary>
    public Action<IHostApplicationBuilder> Place { get; }

    public static BenchStorage Sqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wvs-bench-" + Guid.NewGuid().ToString("N"));
        return new BenchStorage("SQLite", false, new() { ["WVS_DATA_DIR"] = directory }, builder => builder.AddEmbeddedStorage(), () =>
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            return Task.CompletedTask;
        });
    }

    public static BenchStorage Postgres(string connectionString)
    {
        var name = "wvs_bench_" + Guid.NewGuid().ToString("N");
        var database = new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
        return new BenchStorage("PostgreSQL", true, new() { [$"ConnectionStrings:{TokensModule.Database}"] = database },
            builder => builder.AddPostgres(TokensModule.Database), async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var drop = connection.CreateCommand();
                // The name is ours (a Guid), never input.
                drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                await drop.ExecuteNonQueryAsync();
            });
    }

    public async ValueTask DisposeAsync() => await _remove();
}
