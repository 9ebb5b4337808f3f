using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>
/// A PostgreSQL session advisory lock held while one process migrates a database; released when disposed (or when
/// the process dies, with its connection). Creates the database first when it is missing and the user may.
/// </summary>
internal sealed class MigrationLock : IDisposable
{
    private readonly NpgsqlConnection _connection;

    private MigrationLock(NpgsqlConnection connection) => _connection = connection;

    public static MigrationLock Take(string connectionString, string module)
    {
        CreateDatabaseIfMissing(connectionString);
        // Its own physical connection: a pooled one would go back to the pool still holding the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            connection.Open();
            // Waits while another replica migrates, however slow its machine: up to ten minutes, not the usual 30 s.
            using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 600 };
            command.Parameters.AddWithValue("key", Key(module));
            command.ExecuteNonQuery();
            return new MigrationLock(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Closing the (unpooled) session releases its advisory locks.</summary>
    public void Dispose() => _connection.Dispose();

    /// <summary>A stable 64-bit key per module: "wvs-migrate:" + name, FNV-1a.</summary>
    internal static long Key(string module)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "wvs-migrate:" + module)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    private static void CreateDatabaseIfMissing(string connectionString)
    {
        try
        {
            EnsureDatabase.For.PostgresqlDatabase(connectionString, new NoOpUpgradeLog());
        }
        catch (Exception error) when (IsDuplicateDatabase(error))
        {
            // Another replica created it between DbUp's check and its CREATE DATABASE.
        }
    }

    private static bool IsDuplicateDatabase(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is PostgresException { SqlState: PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }
        return false;
    }
}
