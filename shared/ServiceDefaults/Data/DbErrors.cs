using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace WvsMesh.ServiceDefaults.Data;

/// <summary>The one place that knows how both dialects report constraint violations (STYLE.md #11).</summary>
public static class DbErrors
{
    private const int SqliteConstraint = 19;

    /// <summary>True when <paramref name="exception"/> is a unique-key violation in PostgreSQL or SQLite.</summary>
    public static bool IsUniqueViolation(DbException exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal),
        _ => false,
    };
}
